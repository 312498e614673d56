#!/usr/bin/env bash
# The repository's entry point: every command first makes sure the platform can load TorchSharp.
#   ./build.sh demo   run the worked-example sample ("The cat sat")
#   ./build.sh test   run the test suite
#   ./build.sh pack   build the NuGet package into artifacts/
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

command="${1:-}"
case "$command" in
  demo|test|pack) ;;
  *) echo "usage: ./build.sh demo|test|pack" >&2; exit 2 ;;
esac

bash eng/setup-platform.sh

case "$command" in
  demo) dotnet run --project samples/WorkedExample -c Release ;;
  test) dotnet test AttentionML.sln -c Release ;;
  pack) dotnet pack src/AttentionML/AttentionML.csproj -c Release -o artifacts ;;
esac
