using OpenMrs.ServiceDefaults;
using OpenMrs.Training.Cli;
using OpenMrs.Training.Hosting;

if (await TrainingCli.TryRunAsync(args) is { } exitCode) return exitCode;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddTrainingService();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapTrainingEndpoints();
app.Run();
return 0;
