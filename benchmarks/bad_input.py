"""Try to break vgrklass: every bad input and hostile situation we know of, run as real
processes, each judged handled or mishandled, with its time and peak memory.

    python benchmarks/bad_input.py [--runs 1] [--only WORD] [--verbose]

A case is *mishandled* when the program shows a traceback or "internt fel", exits with
a code the case does not allow, leaves out a word the user needs (the file and line, the
Swedish reason), lets a control character from the data reach the terminal raw, or when
the case's own check fails (data lost or silently rewritten, a file written where none
should be, code from a planted cache entry run). Targets: 0 mishandled, every case
under 5 s and 500 MiB. The time budget is on CPU time (user + system of the process and
its children), which a busy machine does not inflate; wall time is printed beside it.
Cases: every file of tests/bad_files.py under `validate` and `tree`, then the hostile
situations of issue 17 (diff, export targets, the cache, git options, terminals, pipes,
signals, encodings).
"""

from __future__ import annotations

import argparse
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.bad_files import BAD_FILES  # noqa: E402
from tests.conftest import MINIMAL  # noqa: E402

VGRKLASS = Path(sys.executable).with_name("vgrklass")
SHIPPED = ROOT / "data" / "klassificering.yaml"
TIME_BUDGET = 5.0  # seconds per case
MEMORY_BUDGET = 500 * 1024 * 1024  # bytes per case

# Anything the program must never print, whatever the input.
NEVER = ("Traceback", "internt fel", "Exception ignored")
# Parser English that must not reach users (issue 17, point 13).
ENGLISH = re.compile(r"\b(did not find|found|expected|could not|while scanning|while parsing"
                     r"|mapping values|not allowed)\b")
# Raw control characters (other than newline and tab) must never be printed.
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e"
                         r"\u2066-\u2069\ufeff]")


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float  # wall
    cpu: float  # user + system seconds
    peak: int  # bytes
    dir: Path

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@dataclass
class Case:
    name: str
    args: list[str] = field(default_factory=list)  # vgrklass arguments ({placeholders})
    expect: tuple[int, ...] = (0,)
    words: tuple[str, ...] = ()  # each must appear in stdout + stderr
    forbid: tuple[str, ...] = ()  # none may appear
    files: Callable[[Path], dict[str, str]] | None = None  # sets up, returns placeholders
    shell: str | None = None  # run `bash -c` on this instead ({vgrklass} is the program)
    env: dict[str, str] = field(default_factory=dict)
    stdin: bytes = b""
    interrupt_after: float | None = None  # send SIGINT after this many seconds
    check: Callable[[Run], str | None] | None = None  # a reason when mishandled
    raw_control_ok: bool = False  # stdout carries a file's bytes (export), not messages
    cwd: str | None = None  # placeholder name of the working directory


# --- inputs -------------------------------------------------------------------------------


def large_yaml(directory: Path, factor: int = 50) -> Path:
    path = directory / f"large{factor}.yaml"
    if not path.exists():
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_large.py"),
                        "--factor", str(factor), "--no-check", "-o", str(path)],
                       check=True, capture_output=True)
    return path


_LARGE: dict[int, Path] = {}


def shared_large(factor: int = 50) -> Path:
    if factor not in _LARGE:
        _LARGE[factor] = large_yaml(Path(tempfile.mkdtemp(prefix="vgrklass-large-")), factor)
    return _LARGE[factor]


def with_files(**contents: bytes | str) -> Callable[[Path], dict[str, str]]:
    def setup(directory: Path) -> dict[str, str]:
        names = {}
        for key, content in contents.items():
            path = directory / f"{key}.yaml"
            path.write_bytes(content.encode() if isinstance(content, str) else content)
            names[key] = str(path)
        return names

    return setup


PLAN_OLD = MINIMAL.replace(
    "              - följesedel\n",
    "              - text: följesedel\n                bevaras_gallras: bevaras\n"
    "                sekretess: nej\n")
PLAN_GALLRAS = PLAN_OLD.replace("bevaras_gallras: bevaras\n",
                                "bevaras_gallras: gallras\n                gallringsfrist: 2 år\n")
PLAN_OSL = PLAN_OLD.replace("sekretess: nej", "sekretess: ja, OSL 39 kap. 3 §")
META_VERSION = PLAN_OLD.replace('version: "1.0:2020"', 'version: "1.1:2022"')
META_VALID_FROM = PLAN_OLD.replace("valid_from: 2021-01-01", "valid_from: 2022-01-01")


def line100() -> str:
    """A file whose first problem (an unknown key) is at line 100, column 5."""
    text = MINIMAL.replace("    title: STYRA\n", "    title: STYRA\n    oknt: x\n")
    line = text[: text.index("    oknt")].count("\n") + 1
    return "".join(f"# rad {i}\n" for i in range(1, 101 - line)) + text


def flow_list(item: str, size: int = 2_000_000) -> str:
    head = MINIMAL.split("nodes:")[0] + "nodes: ["
    count = size // (len(item) + 2)
    return head + ", ".join([item] * count) + "]\n"


def examples_flood(size: int = 2_000_000) -> str:
    """One node whose examples are 2 MB of lists (each one a schema error)."""
    items = ", ".join(["[1]"] * (size // 5))
    return MINIMAL.replace("        examples:\n          - protokoll\n"
                           "          - kallelse till sammanträde\n",
                           f"        examples: [{items}]\n")


def duplicate_keys(size: int = 2_000_000) -> str:
    """A mapping of 2 MB of the same key (each repetition a problem)."""
    return "a: {" + ", ".join(["x: 1"] * (size // 6)) + "}\n"


class Planted:
    """A pickle that, when loaded, creates `marker` (stands for arbitrary code)."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


def planted_cache(mode: int, owner: int | None, symlink: bool) -> Callable[[Path], dict]:
    def setup(directory: Path) -> dict[str, str]:
        data = directory / "data.yaml"
        data.write_text(MINIMAL, encoding="utf-8")
        cache_dir = directory / "cache"
        cache_dir.mkdir()
        os.environ["VGRKLASS_CACHE_DIR"] = str(cache_dir)
        try:
            from vgrklass import cache

            entry = cache.entry_path("structure", cache.digest(data.read_bytes()))
        finally:
            del os.environ["VGRKLASS_CACHE_DIR"]
        marker = directory / "kod-kördes"
        payload = pickle.dumps(("x", Planted(str(marker))))
        if symlink:  # a file the victim owns, with the attacker's bytes, linked by name
            victim_file = directory / "nedladdad.bin"
            victim_file.write_bytes(payload)
            entry.symlink_to(victim_file)
        else:
            entry.write_bytes(payload)
        cache_dir.chmod(mode)
        if owner is not None:
            os.chown(cache_dir, owner, owner)
        return {"data": str(data), "cache": str(cache_dir), "marker": str(marker)}

    return setup


def small_output(run: Run) -> str | None:
    return "utdata över 1 MB" if len(run.output) > 1_000_000 else None


def no_marker(run: Run) -> str | None:
    return "koden i en planterad cachepost kördes" if (run.dir / "kod-kördes").exists() \
        else None


def unchanged(name: str, content: bytes) -> Callable[[Run], str | None]:
    def check(run: Run) -> str | None:
        path = run.dir / name
        if not path.exists():
            return f"{name} försvann"
        return None if path.read_bytes() == content else f"{name} skrevs över"

    return check


def export_target(name: str, content: bytes | None = None, mode: int | None = None,
                  link: bool = False) -> Callable[[Path], dict[str, str]]:
    def setup(directory: Path) -> dict[str, str]:
        (directory / "data.yaml").write_text(MINIMAL, encoding="utf-8")
        target = directory / name
        if content is not None:
            target.write_bytes(content)
            if link:
                os.link(target, directory / "länk.json")
            if mode is not None:
                target.chmod(mode)
        return {"data": str(directory / "data.yaml"), "out": str(target)}

    return setup


def link_kept(run: Run) -> str | None:
    a, b = run.dir / "mål.json", run.dir / "länk.json"
    if a.stat().st_ino != b.stat().st_ino:
        return "den hårda länken bröts"
    return None


def file_exists(name: str) -> Callable[[Run], str | None]:
    return lambda run: None if (run.dir / name).is_file() else f"{name} skrevs inte"


def no_file(pattern: str) -> Callable[[Run], str | None]:
    def check(run: Run) -> str | None:
        found = [p.name for p in run.dir.iterdir() if re.fullmatch(pattern, p.name)]
        return f"skrev {found}" if found else None

    return check


def no_hidden_temporaries(run: Run) -> str | None:
    left = [p.name for p in run.dir.iterdir() if p.name.startswith(".")]
    return f"kvarlämnade temporära filer: {left}" if left else None


def git_repo(directory: Path) -> dict[str, str]:
    (directory / "data.yaml").write_text(MINIMAL, encoding="utf-8")
    (directory / "hemlig:x").write_text("1.1\n", encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    for command in (["init", "-q"], ["add", "data.yaml"], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", *command], cwd=directory, check=True, env=env,
                       capture_output=True)
    return {"data": str(directory / "data.yaml"), "dir": str(directory)}


KILL_AT_FSYNC = textwrap.dedent("""
    import os, signal, sys
    os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)  # killed mid-write
    from vgrklass.cli import main
    sys.argv = ["vgrklass", *sys.argv[1:]]
    main()
""")


def killed_export(directory: Path) -> dict[str, str]:
    (directory / "data.yaml").write_text(MINIMAL, encoding="utf-8")
    for name in ("plan.xlsx", "plan.json"):
        subprocess.run([sys.executable, "-c", KILL_AT_FSYNC, "export", "--data",
                        str(directory / "data.yaml"), "-o", str(directory / name)],
                       capture_output=True, env={**os.environ, "VGRKLASS_NO_CACHE": "1"})
    # the temporaries are older than any run in progress could be
    hour_ago = time.time() - 7200
    for path in directory.iterdir():
        if path.name.startswith("."):
            os.utime(path, (hour_ago, hour_ago))
    return {"data": str(directory / "data.yaml"), "dir": str(directory)}


def utf8_text(directory: Path) -> dict[str, str]:
    doc = directory / "dokument.txt"
    doc.write_text("Protokoll \x1b]0;titel\x07\x1b[2J från \x9b31m sammanträde\n"
                   "Kallelse och protokoll från regionstyrelsen.\n", encoding="utf-8")
    return {"doc": str(doc)}


def with_large(directory: Path) -> dict[str, str]:
    return {"data": str(shared_large()), "dir": str(directory)}


# --- the cases -------------------------------------------------------------------------


def bad_file_cases() -> list[Case]:
    cases = []
    for name, (content, words, line) in BAD_FILES.items():
        expected = (*words, f"{{f}}:{line}") if line is not None else words
        for args in (["validate", "{f}"], ["tree", "--all", "--data", "{f}"]):
            cases.append(Case(f"{args[0]}: {name}", args, expect=(1, 2), words=expected,
                              files=with_files(f=content)))
    return cases


def situation_cases() -> list[Case]:
    cases = [
        Case("validate: the shipped file", ["validate", str(SHIPPED)]),
        Case("validate: 50× structure", ["validate", "{data}"], files=with_large),
        Case("tree: 50× structure", ["tree", "--all", "--data", "{data}"], files=with_large),
        # 1. diff sees plan fields and meta
        *[Case(f"diff {fmt}: bevaras → gallras with a gallringsfrist",
               ["diff", "{old}", "{new}", "--format", fmt], expect=(1,),
               words=("gallringsfrist",), files=with_files(old=PLAN_OLD, new=PLAN_GALLRAS))
          for fmt in ("text", "json", "markdown")],
        Case("diff: sekretess nej → OSL", ["diff", "{old}", "{new}"], expect=(1,),
             words=("OSL 39 kap",), files=with_files(old=PLAN_OLD, new=PLAN_OSL)),
        Case("diff: meta version", ["diff", "{old}", "{new}", "--format", "json"], expect=(1,),
             words=("1.1:2022",), files=with_files(old=PLAN_OLD, new=META_VERSION)),
        Case("diff: meta valid_from", ["diff", "{old}", "{new}"], expect=(1,),
             words=("2022-01-01",), files=with_files(old=PLAN_OLD, new=META_VALID_FROM)),
        # 4. export targets
        Case("export -o onto the data file", ["export", "--data", "{data}", "-o", "{data}"],
             expect=(2,), words=("datafil",), files=export_target("x.json"),
             check=unchanged("data.yaml", MINIMAL.encode())),
        Case("export -o onto the data file (markdown)",
             ["export", "-f", "markdown", "--data", "{data}", "-o", "{data}"], expect=(2,),
             files=export_target("x.md"), check=unchanged("data.yaml", MINIMAL.encode())),
        Case("schema -o onto the data file ($VGRKLASS_DATA)", ["schema", "-o", "{data}"],
             expect=(2,), files=export_target("x.json"),
             env={"VGRKLASS_DATA": "{data}"}, check=unchanged("data.yaml", MINIMAL.encode())),
        Case("export -o plan.xls (unknown suffix)", ["export", "--data", "{data}", "-o", "{out}"],
             expect=(2,), words=(".xls",), files=export_target("plan.xls"),
             check=no_file(r"plan\.xls")),
        Case("export -f csv -o plan.xlsx (suffix of another format)",
             ["export", "-f", "csv", "--data", "{data}", "-o", "{out}"], expect=(2,),
             files=export_target("plan.xlsx"), check=no_file(r"plan\.xlsx")),
        Case("export -o a read-only file", ["export", "--data", "{data}", "-o", "{out}"],
             expect=(2,), words=("skrivskydd",),
             files=export_target("mål.json", b"[]\n", mode=0o444),
             check=unchanged("mål.json", b"[]\n")),
        Case("export -o a file with a hard link", ["export", "--data", "{data}", "-o", "{out}"],
             expect=(0, 2), files=export_target("mål.json", b"[]\n", link=True),
             check=link_kept),
        Case("export -o a 249-character name",
             ["export", "--data", "{data}", "-o", "{out}"],
             files=export_target("p" * 244 + ".json"), check=file_exists("p" * 244 + ".json")),
        # 5. the cache
        Case("cache: planted symlink in a world-writable cache directory",
             ["show", "1.1", "--data", "{data}"], env={"VGRKLASS_CACHE_DIR": "{cache}"},
             files=planted_cache(0o777, None, symlink=True), check=no_marker),
        Case("cache: planted entry in a group-writable cache directory",
             ["show", "1.1", "--data", "{data}"], env={"VGRKLASS_CACHE_DIR": "{cache}"},
             files=planted_cache(0o770, None, symlink=False), check=no_marker),
        Case("cache: forged entry (no MAC) in a private cache directory",
             ["show", "1.1", "--data", "{data}"], env={"VGRKLASS_CACHE_DIR": "{cache}"},
             files=planted_cache(0o700, None, symlink=False), check=no_marker),
        # 6. git options
        Case("diff: revision --output=FILE:x makes git write",
             ["diff", "--", "--output={dir}/git-ut:x", "{data}"], expect=(2,),
             files=git_repo, check=no_file(r"git-ut.*"), cwd="dir"),
        Case("diff: revision -OFILE:x makes git read",
             ["diff", "--", "-O{dir}/hemlig:x", "{data}"], expect=(2,), files=git_repo,
             cwd="dir"),
        # 7. control characters from data, arguments and documents
        Case("find: escape sequence in the query", ["find", "\x1b]0;x\x07\x1b[2J"],
             expect=(1,)),
        Case("validate: escape sequence in a file name", ["validate", "{dir}/a\x1b[2Jb.yaml"],
             expect=(2,), files=lambda d: {"dir": str(d)}),
        Case("diff: escape sequence in a git revision",
             ["diff", "HEAD\x1b[2J:data.yaml", "{data}"], expect=(2,), files=git_repo,
             cwd="dir"),
        Case("classify: escape sequences in the document", ["classify", "{doc}"],
             expect=(0, 1), files=utf8_text),
        # 8. very many problems
        Case("validate: 2 MB flow list of numbers", ["validate", "{f}"], expect=(1,),
             words=("utelämna",), files=with_files(f=flow_list("1")),
             check=small_output),
        Case("validate --format json: 2 MB flow list of empty mappings",
             ["validate", "{f}", "--format", "json"], expect=(1,),
             files=with_files(f=flow_list("{}")),
             check=small_output),
        Case("tree: 2 MB flow list of empty mappings", ["tree", "--data", "{f}"], expect=(2,),
             files=with_files(f=flow_list("{}"))),
        Case("validate: 2 MB of wrong examples in one node", ["validate", "{f}"], expect=(1,),
             files=with_files(f=examples_flood()), check=small_output),
        Case("validate: 2 MB of duplicate keys", ["validate", "{f}"], expect=(1,),
             files=with_files(f=duplicate_keys()), check=small_output),
        # 9. U+FFFE in the data: refused, never a crash of the XLSX export
        Case("export xlsx: U+FFFE in a title", ["export", "--data", "{f}", "-o", "{dir}/p.xlsx"],
             expect=(2,), words=("U+FFFE",),
             files=lambda d: {**with_files(f=MINIMAL.replace("title: STYRA",
                                                             'title: "STY\\uFFFERA"'))(d),
                              "dir": str(d)}),
        # 10. no emoji
        Case("validate: a problem on line 100, column 5", ["validate", "{f}"], expect=(1,),
             words=("{f}:100:5",), forbid=("\U0001f4af",), files=with_files(f=line100())),
        Case("show: ':x:' in the data", ["show", "1.1", "--data", "{f}"],
             words=(":x:",), forbid=("\u274c",),
             files=with_files(f=MINIMAL.replace("- protokoll", '- "protokoll :x: :100:"'))),
        # 11. stdout that cannot take UTF-8
        *[Case(f"{' '.join(args[:1])} on an {enc} stdout", args,
               expect=(0, 1), env={"PYTHONIOENCODING": enc}, files=with_files(f=PLAN_OLD))
          for enc in ("ascii", "cp1252", "latin-1")
          for args in (["show", "2.1.1", "--data", "{f}"], ["tree", "--data", "{f}"],
                       ["find", "faktura", "--data", "{f}"],
                       ["diff", "--from", "2018-01-01", "--to", "2021-06-01", "--data", "{f}"],
                       ["validate", "{f}"])],
        Case("diff with → on an ascii stdout", ["diff", "{old}", "{new}"], expect=(1,),
             env={"PYTHONIOENCODING": "ascii"}, files=with_files(old=PLAN_OLD, new=PLAN_OSL)),
        Case("show with PYTHONUTF8=0 LANG=C", ["show", "2.1.1", "--data", "{f}"],
             env={"PYTHONUTF8": "0", "LANG": "C", "LC_ALL": "C", "PYTHONCOERCECLOCALE": "0"},
             files=with_files(f=PLAN_OLD)),
        # 12. closed stdout, broken pipes, Ctrl-C, COLUMNS=0
        *[Case(f"{args} with stdout closed", shell="{vgrklass} " + args + " >&-", expect=(2,),
               words=("standard ut",))
          for args in ("--help", "show 1.1", "tree", "find faktura", "export -f csv")],
        Case("export -o FILE with stdout closed",
             shell="{vgrklass} export --data {data} -o {out} >&-", files=export_target("p.json"),
             check=file_exists("p.json")),
        *[Case(f"{args} | head -1 (pipefail)", shell="set -o pipefail; {vgrklass} " + args
               + " | head -1 >/dev/null", files=with_large, expect=(0,))
          for args in ("tree --all --data {data}", "show 1 --data {data}",
                       "export -f csv --all --data {data}", "export -f json --data {data}",
                       "find leverantörsfaktura --all",
                       "diff --from 2000-01-01 --to 2030-01-01 --data {data}",
                       "validate {data} --format json", "schema")],
        Case("Ctrl-C during an xlsx export", ["export", "--all", "--data", "{data}", "-o",
                                               "{dir}/plan.xlsx"],
             expect=(130,), words=("avbrutet",), files=with_large, interrupt_after=1.5,
             env={"VGRKLASS_NO_CACHE": "1"}, check=no_hidden_temporaries),
        Case("Ctrl-C during validate", ["validate", "{data}"], expect=(130,),
             words=("avbrutet",), files=with_large, interrupt_after=0.8),
        Case("COLUMNS=0 show", ["show", "1.1", "--data", "{f}"], env={"COLUMNS": "0"},
             words=("Utföra politiskt ledningsarbete",), files=with_files(f=MINIMAL)),
        Case("COLUMNS=-3 tree", ["tree", "--data", "{f}"], env={"COLUMNS": "-3"},
             words=("STYRA",), files=with_files(f=MINIMAL)),
        Case("COLUMNS=0 --help", ["--help"], env={"COLUMNS": "0"}, words=("Kommandon",)),
        # 15. a killed export leaves temporaries; the next write clears them
        *[Case(f"export after one killed mid-write ({name})",
               ["export", "--data", "{data}", "-o", "{dir}/" + name], files=killed_export,
               check=no_hidden_temporaries) for name in ("plan.xlsx", "plan.json")],
    ]
    return cases


# --- running ------------------------------------------------------------------------------


def warm_up(cache_dir: Path) -> None:
    """Build the shipped file's caches first: a first `find` or `classify` on a machine
    builds the search index and loads the lexicon (seconds), and the cases are to
    measure how bad input is handled, not a first run."""
    env = {**os.environ, "VGRKLASS_CACHE_DIR": str(cache_dir)}
    for args in (["find", "leverantörsfaktura"], ["classify", "-"]):
        subprocess.run([str(VGRKLASS), *args], input=b"Protokoll", capture_output=True,
                       env=env, timeout=300)


def run_case(case: Case, workdir: Path) -> Run:
    names = case.files(workdir) if case.files else {}
    names["vgrklass"] = str(VGRKLASS)

    def fill(text: str) -> str:
        for key, value in names.items():
            text = text.replace("{" + key + "}", value)
        return text

    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("VGRKLASS_DEBUG", None)
    env.setdefault("VGRKLASS_CACHE_DIR", str(workdir.parent / "cache"))  # see warm_up
    env.update({k: fill(v) for k, v in case.env.items()})
    command = (["bash", "-c", fill(case.shell)] if case.shell
               else [str(VGRKLASS), *(fill(a) for a in case.args)])
    cwd = names[case.cwd] if case.cwd else str(workdir)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=out, stderr=err,
                                env=env, cwd=cwd)
        proc.stdin.write(case.stdin)
        proc.stdin.close()
        if case.interrupt_after is not None:
            time.sleep(case.interrupt_after)
            proc.send_signal(signal.SIGINT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        stdout, stderr = _head_and_tail(out), _head_and_tail(err)
    for key, value in names.items():
        stdout, stderr = stdout.replace(value, "{" + key + "}"), stderr.replace(value,
                                                                              "{" + key + "}")
    return Run(proc.returncode, stdout, stderr, seconds, usage.ru_utime + usage.ru_stime,
               usage.ru_maxrss * 1024, workdir)


def _head_and_tail(handle, keep: int = 1 << 20) -> str:
    """The output's first and last MiB (marking what lies between): reading gigabytes of
    output into this process would raise the memory its later children report."""
    size = handle.seek(0, os.SEEK_END)
    handle.seek(0)
    if size <= 2 * keep:
        return handle.read().decode("utf-8", "replace")
    head = handle.read(keep)
    handle.seek(size - keep)
    tail = handle.read(keep)
    middle = f"\n[… {size - 2 * keep} byte utelämnade av mätningen …]\n".encode()
    return (head + middle + tail).decode("utf-8", "replace")


def judge(case: Case, run: Run) -> list[str]:
    reasons = []
    for never in NEVER:
        if never in run.output:
            reasons.append(f"skriver {never!r}")
    if run.code not in case.expect:
        reasons.append(f"slutkod {run.code}, väntad {'/'.join(map(str, case.expect))}")
    for word in case.words:
        if word not in run.output:
            reasons.append(f"saknar {word!r}")
    for word in case.forbid:
        if word in run.output:
            reasons.append(f"innehåller {word!r}")
    raw = RAW_CONTROL.search(run.stderr if case.raw_control_ok else run.output)
    if raw:
        reasons.append(f"skriver styrtecknet U+{ord(raw.group()):04X} rått")
    if case.name.startswith(("validate:", "tree:")) and ENGLISH.search(run.output):
        reasons.append(f"engelska: {ENGLISH.search(run.output).group()!r}")
    if case.check:
        reason = case.check(run)
        if reason:
            reasons.append(reason)
    return reasons


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="körningar per fall (median)")
    parser.add_argument("--only", default="", help="bara fall vars namn innehåller detta")
    parser.add_argument("--verbose", "-v", action="store_true")
    options = parser.parse_args()
    cases = [c for c in (*bad_file_cases(), *situation_cases()) if options.only in c.name]
    mishandled: list[tuple[str, list[str]]] = []
    slowest = ("", 0.0, 0.0)
    heaviest = ("", 0)
    over_budget = []
    with tempfile.TemporaryDirectory(prefix="vgrklass-bad-") as tmp:
        warm_up(Path(tmp) / "cache")
        for number, case in enumerate(cases):
            runs = []
            for attempt in range(options.runs):
                workdir = Path(tmp) / f"{number}-{attempt}"
                workdir.mkdir()
                runs.append(run_case(case, workdir))
            runs.sort(key=lambda r: r.cpu)
            run = runs[len(runs) // 2]
            reasons = judge(case, run)
            peak = max(r.peak for r in runs)
            if reasons:
                mishandled.append((case.name, reasons))
            if run.cpu > slowest[1]:
                slowest = (case.name, run.cpu, run.seconds)
            if peak > heaviest[1]:
                heaviest = (case.name, peak)
            if run.cpu > TIME_BUDGET or peak > MEMORY_BUDGET:
                over_budget.append(f"{case.name}: {run.cpu:.2f} s CPU, {peak >> 20} MiB")
            if options.verbose or reasons:
                mark = "FEL " if reasons else "ok  "
                print(f"{mark}{run.cpu:6.2f} s CPU {run.seconds:6.2f} s {peak >> 20:4d} MiB  "
                      f"{case.name}"
                      + (f"  — {'; '.join(reasons)}" if reasons else ""), flush=True)
                if reasons and options.verbose:
                    print(textwrap.indent(run.output[-1500:], "      | "))
        for path in _LARGE.values():
            shutil.rmtree(path.parent, ignore_errors=True)
    print()
    print(f"fall prövade:    {len(cases)}")
    print(f"felhanterade:    {len(mishandled)}")
    print(f"långsammast:     {slowest[1]:.2f} s CPU, {slowest[2]:.2f} s väggtid "
          f"({slowest[0]})")
    print(f"maskinens last:  {os.getloadavg()[0]:.1f} ({os.cpu_count()} kärnor)")
    print(f"mest minne:      {heaviest[1] >> 20} MiB ({heaviest[0]})")
    print(f"över budget (5 s CPU, 500 MiB): {len(over_budget)}")
    for line in over_budget:
        print(f"  {line}")


if __name__ == "__main__":
    main()
