# Sourced by the build scripts: new build trees use Ninja when it is installed
# (scripts/install-deps.sh installs it). Ninja compiles a target's files while
# the libraries it links are still being built, where make waits for them, so
# both cores stay busy: a sanitizer build took 272 s instead of 293 s. A build
# tree keeps the generator it was made with; CMAKE_GENERATOR set by the caller wins.
if [[ -z ${CMAKE_GENERATOR:-} ]] && command -v ninja >/dev/null 2>&1; then
    export CMAKE_GENERATOR=Ninja
fi
