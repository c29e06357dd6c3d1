# Shared by the bench scripts: builds the release binary and sets KITH_BIN
# to where cargo put it (CARGO_TARGET_DIR and cargo's configuration are
# respected). A KITH_BIN given by the caller is used as it is, to measure
# another build (the previous release, say) side by side.
if [ -z "${KITH_BIN:-}" ]; then
    cargo build --release --quiet
    KITH_BIN="$(cargo metadata --format-version 1 --no-deps |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')/release/kith"
fi
export KITH_BIN
[ -x "$KITH_BIN" ] || { echo "no release binary at $KITH_BIN" >&2; exit 1; }
