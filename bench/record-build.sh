#!/usr/bin/env bash
# What recording summaries costs a real build (issue 13), as a user's library would pay it: the sources of SRC_DIR built
# as one class library with the packed FenceGuard, through `dotnet build` and the compiler server, alternately without
# recording, with it, and with only a SARIF log set (the transport recording needs). Prints Csc's time per build, from
# -clp:PerformanceSummary. Not a test: run it by hand (bench/README.md, "Summaries across assemblies").
#
#   bash bench/record-build.sh SRC_DIR [DEFINES] [ROUNDS] [EXTRA_MSBUILD_ARGS...]
#   bash bench/record-build.sh /tmp/mixed "$DEF" 5
#   bash bench/record-build.sh /tmp/mixed "$DEF" 3 -p:EnableNETAnalyzers=false
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
src="$(cd "${1:?usage: record-build.sh SRC_DIR [DEFINES] [ROUNDS] [MSBUILD_ARGS...]}" && pwd)"
defines="${2:-}"
rounds="${3:-5}"
shift $(( $# < 3 ? $# : 3 ))
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version="0.1.0-rb.$(date +%s)"

dotnet pack "$repo/Package/Package.csproj" -c Release -p:Version="$version" -o "$work/feed" > "$work/pack.log" 2>&1 \
  || { tail -20 "$work/pack.log"; echo "record-build: pack failed"; exit 1; }
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/feed" />
    <add key="nuget" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML
echo '<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>' > "$work/Directory.Build.props"
mkdir -p "$work/lib"
cat > "$work/lib/Lib.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
    <DefineConstants>\$(DefineConstants);$defines</DefineConstants>
    <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
    <Nullable>enable</Nullable>
    <LangVersion>latest</LangVersion>
    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
    <AssemblyName>RecordedLib</AssemblyName>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include="$src/**/*.cs" Exclude="$src/**/obj/**;$src/**/bin/**" />
    <PackageReference Include="FenceGuard" Version="$version" />
  </ItemGroup>
</Project>
XML
cd "$work/lib" || exit 1
dotnet restore > "$work/restore.log" 2>&1 || { tail -20 "$work/restore.log"; echo "record-build: restore failed"; exit 1; }

# Csc's milliseconds for one build; a source file is touched first, so that the compiler runs every time.
csc() {
  touch "$(find "$src" -name '*.cs' | head -1)"
  dotnet build --no-restore -c Release -nologo -v:m -clp:PerformanceSummary "$@" 2>&1 | awk '$2 == "ms" && $3 == "Csc" { print $1 }'
}

csc "$@" > /dev/null # warm the compiler server and the analyzer assemblies
for round in $(seq 1 "$rounds"); do
  plain="$(csc -p:FenceGuardRecordSummaries=false "$@")"
  recording="$(csc -p:FenceGuardRecordSummaries=true "$@")"
  [ "$round" = 1 ] && { [ -s bin/Release/net10.0/RecordedLib.fenceguard ] && echo "record-build: recorded $(wc -c < bin/Release/net10.0/RecordedLib.fenceguard) bytes of summaries" || echo "record-build: nothing was recorded"; }
  sarif="$(csc -p:FenceGuardRecordSummaries=false -p:ErrorLog="$work/log.sarif%2Cversion=2.1" "$@")"
  echo "round $round: Csc without recording ${plain:-?} ms, recording ${recording:-?} ms, without recording but with a SARIF log ${sarif:-?} ms"
done
