using OpenMrs.AllInOne.Composition;

// The run command: Ingestion, Features, Training and Serving in one process on embedded defaults.
// `--no-demo` skips the synthetic catalog and listeners. See README.md.
AllInOneApp.Build(args).Run();
