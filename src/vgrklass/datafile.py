"""Where the data file is: the command's --data, then `vgrklass --data` before the command,
then $VGRKLASS_DATA, then the copy shipped in the package."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "VGRKLASS_DATA"

# Set by `vgrklass --data FILE <command>` for this invocation (reset on every invocation).
global_option: Path | None = None


def shipped_data_path() -> Path:
    from importlib.resources import files

    packaged = Path(str(files("vgrklass") / "data" / "klassificering.yaml"))
    if packaged.is_file():
        return packaged
    # Running from a source checkout (editable install): the repository's own file.
    return Path(__file__).resolve().parents[2] / "data" / "klassificering.yaml"


def resolve_data_path(option: Path | None) -> Path:
    if option is not None:
        return option
    if global_option is not None:
        return global_option
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return shipped_data_path()
