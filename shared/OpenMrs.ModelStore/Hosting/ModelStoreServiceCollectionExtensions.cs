using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenMrs.ModelStore.Store;

namespace OpenMrs.ModelStore.Hosting;

public static class ModelStoreServiceCollectionExtensions
{
    /// <summary>Registers one <see cref="IModelStore"/> over the directory at <c>ModelStore:Path</c>. Safe to call more than once.</summary>
    public static IServiceCollection AddModelStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<IModelStore>(_ =>
        {
            var options = configuration.GetSection(ModelStoreOptions.Section).Get<ModelStoreOptions>() ?? new ModelStoreOptions();
            return new FileSystemModelStore(options.Path, keepVersions: options.KeepVersions);
        });
        return services;
    }
}
