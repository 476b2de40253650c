# syntax=docker/dockerfile:1
# One image recipe for every service host. Build from the repository root, naming the project and its assembly:
#   docker build -f infra/docker/service.Dockerfile \
#     --build-arg PROJECT=services/Serving/Api/OpenMrs.Serving.csproj --build-arg ASSEMBLY=OpenMrs.Serving .
# APT_PACKAGES adds Debian packages to the runtime image (ffmpeg for the hosts that decode audio, libgomp1 for the
# OpenMP runtime of USearch in the hosts that serve).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG PROJECT
WORKDIR /src
# The build settings of the whole tree: central versions, services/Directory.Build.props (runtime settings of the
# hosts) and Directory.Build.targets with infra/torchsharp (the libtorch loading fix for Debian 12 images).
COPY Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY infra/torchsharp/ infra/torchsharp/
COPY shared/ shared/
COPY services/ services/
RUN test -n "$PROJECT" || (echo "build with --build-arg PROJECT=services/.../X.csproj" >&2; exit 1)
RUN dotnet restore "$PROJECT" -r linux-x64
RUN dotnet publish "$PROJECT" -c Release -r linux-x64 --self-contained false --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
ARG ASSEMBLY
ARG APT_PACKAGES=""
# Without recommends: the full ffmpeg install pulls in X11 and has failed on slim images.
RUN if [ -n "$APT_PACKAGES" ]; then \
      apt-get update \
      && apt-get install -y --no-install-recommends $APT_PACKAGES \
      && rm -rf /var/lib/apt/lists/*; \
    fi
WORKDIR /app
COPY --from=build /app .
ENV APP_ASSEMBLY=${ASSEMBLY} \
    ASPNETCORE_HTTP_PORTS=8080 \
    OpenMrs__Logging__Json=true
RUN test -f "/app/$APP_ASSEMBLY.dll" || (echo "build with --build-arg ASSEMBLY=<name of the published .dll>" >&2; exit 1)
EXPOSE 8080
USER $APP_UID
# exec: the host process gets the container's signals (graceful shutdown commits consumer offsets).
ENTRYPOINT ["/bin/sh", "-c", "exec dotnet \"/app/$APP_ASSEMBLY.dll\" \"$@\"", "--"]
