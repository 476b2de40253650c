using System.Text;
using OpenMrs.AllInOne.Composition;

namespace OpenMrs.AllInOne.Demo;

/// <summary>Prints the URLs to try once the host is up: curl lines for every service.</summary>
public sealed class TryItBanner
{
    public void Print(Uri baseAddress, IReadOnlyList<DemoListener> listeners)
    {
        var root = baseAddress.ToString().TrimEnd('/');
        var user = listeners.FirstOrDefault();
        var userId = user?.UserId ?? "demo-user-0000";
        var text = new StringBuilder()
            .AppendLine()
            .AppendLine("================ Open MRS is running ================")
            .AppendLine(user is null ? "No demo data (--no-demo): post your own events first." :
                $"Demo: {listeners.Count} listeners; {userId} loves {string.Join(" and ", user.LovedGenres.Select(g => g.Name))}.")
            .AppendLine();
        foreach (var line in AllInOneEndpoints.TryItLines(root, userId)) text.AppendLine(line);
        text.AppendLine("======================================================");
        Console.WriteLine(text.ToString());
    }
}
