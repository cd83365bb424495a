#!/usr/bin/env bash
# Digitizes the bundled sample batch end to end: installs what is missing (as root; otherwise prints the command),
# builds, runs `sohoa process`, and says where the signed PDFs, sidecars, index and result.json are.
set -euo pipefail
cd "$(dirname "$0")/.."

bash .ci/install-deps
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/SoHoa.Cli -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet src/SoHoa.Cli/bin/Release/net10.0/SoHoa.Cli.dll process testdata/batches/sample "$@"
