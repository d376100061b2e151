#!/usr/bin/env bash
# Build a release folder an office laptop installs from without internet.
#
#   scripts/build-release.sh [--source DIR] [--out DIR] [--python VERSION] [--wheels-only]
#
# Builds the wheels of lwcore and of every office plugin (one version, from the
# git tag vX.Y.Z of the source) into OUT/<version>/, with the wheels of every
# dependency the release's uv.lock pins (hash-checked), so the folder alone
# installs lokal willkommen:
#
#   uv venv --offline ~/lokal-willkommen
#   uv pip install --offline --no-index --find-links OUT/<version> \
#       --python ~/lokal-willkommen lwcore==<version> lw-brackel==<version>
#
# The folder also holds requirements.txt and pylock.toml (the dependencies
# exactly as released), SHA256SUMS and the CHANGELOG.md of the release.
#
#   --source DIR    the project to build (default: this checkout); a clean clone
#                   or `git archive` of the tag to release
#   --out DIR       where the release folder goes (default: SOURCE/dist)
#   --python VER    the offices' Python (e.g. 3.12): compiled dependencies are
#                   fetched for it (default: the Python uv picks here). Build on
#                   the offices' operating system and processor kind.
#   --wheels-only   only the project's own wheels and the lists, no download (for a
#                   machine whose uv cache already holds the dependencies, as in tests)
#
# Needs uv; the dependency download needs PyPI (pip, run through uvx). With
# UV_OFFLINE=1 the wheels build from uv's cache.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
source_dir="$here"
out_dir=""
python_version=""
wheels_only=0

while (($#)); do
  case "$1" in
    --source) source_dir="$(cd "$2" && pwd)"; shift 2 ;;
    --out) out_dir="$2"; shift 2 ;;
    --python) python_version="$2"; shift 2 ;;
    --wheels-only) wheels_only=1; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-release: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
out_dir="${out_dir:-$source_dir/dist}"
mkdir -p "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"

if [[ ! -f "$source_dir/uv.lock" ]]; then
  echo "build-release: $source_dir has no uv.lock: not a lokal willkommen source tree" >&2
  exit 2
fi

staging="$(mktemp -d "$out_dir/.staging.XXXXXX")"
trap 'rm -rf "$staging"' EXIT

echo "--- wheels of lwcore and the office plugins" >&2
(cd "$source_dir" && uv build --all-packages --wheel --out-dir "$staging" >&2)

core_wheels=("$staging"/lwcore-*.whl)
if [[ ${#core_wheels[@]} -ne 1 || ! -f "${core_wheels[0]}" ]]; then
  echo "build-release: expected one lwcore wheel in $staging" >&2
  exit 1
fi
version="$(basename "${core_wheels[0]}" | cut -d- -f2)"
for wheel in "$staging"/*.whl; do
  if [[ "$(basename "$wheel" | cut -d- -f2)" != "$version" ]]; then
    echo "build-release: $(basename "$wheel") is not version $version" >&2
    exit 1
  fi
done
packages=()
for wheel in "$staging"/*.whl; do
  packages+=("$(basename "$wheel" | cut -d- -f1 | tr _ -)==$version")
done
if [[ "$version" == 0+unknown ]]; then
  echo "build-release: the source has no version (no git tag, no .git_archival.txt);" \
    "build from a clone or a git archive of the tag" >&2
  exit 1
fi

release="$out_dir/$version"
if [[ -e "$release" ]]; then
  echo "build-release: $release exists; a release folder is never overwritten" >&2
  exit 1
fi

echo "--- the dependencies of $version, as its uv.lock pins them" >&2
export_args=(--frozen --no-dev --no-emit-workspace --all-packages --all-extras --quiet)
(cd "$source_dir" && uv export "${export_args[@]}" --format requirements-txt \
  --no-header --output-file "$staging/requirements.txt")
(cd "$source_dir" && uv export "${export_args[@]}" --format pylock.toml \
  --output-file "$staging/pylock.toml")

if ((!wheels_only)); then
  echo "--- downloading the dependencies' wheels" >&2
  pip_python=()
  [[ -n "$python_version" ]] && pip_python=(--python "$python_version")
  uvx "${pip_python[@]}" --from pip pip download --quiet --no-deps --only-binary=:all: \
    --require-hashes --requirement "$staging/requirements.txt" --dest "$staging" >&2
fi

[[ -f "$source_dir/CHANGELOG.md" ]] && cp "$source_dir/CHANGELOG.md" "$staging/"
(cd "$staging" && sha256sum -- *.whl > SHA256SUMS)

if ((!wheels_only)); then
  echo "--- checking that the folder alone installs $version" >&2
  check="$staging/.check-venv"
  uv venv --quiet --offline "${pip_python[@]}" "$check" >&2
  uv pip install --quiet --offline --no-index --find-links "$staging" \
    --python "$check" "${packages[@]}" >&2
  echo "installed: ${packages[*]}" >&2
  "$check/bin/lw" --version >&2
  rm -rf "$check"
fi

chmod 755 "$staging"
mv "$staging" "$release"
trap - EXIT
echo "$release"
