using OpenMrs.Training.Cli;

if (await TrainingCli.TryRunAsync(args) is { } exitCode) return exitCode;

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.Run();
return 0;
