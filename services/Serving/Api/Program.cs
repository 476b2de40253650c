using OpenMrs.ServiceDefaults;
using OpenMrs.Serving.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServingService();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapServingEndpoints();
app.Run();
