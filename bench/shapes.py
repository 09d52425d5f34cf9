"""Time the commands on texts of awkward shapes at three sizes: their cost must grow with the
text, not with its square.

Each shape is a text an article could hold, or an attacker could write, that once made some
step read the rest of a line, a sentence, a name or a list once per word, per cue or per
figure: a long roll of names on one line, a sentence of a thousand "according to"s, a word
packed with "@", a sentence of a thousand figures. Each is made at three sizes, each twice the
last, and the real command (`newsdesk detect`, `claims` or `compare`, launch to exit) is timed
on it: the processor time of the child, less that of the same command on a one-line article
measured in the same run (the start-up). The shape passes when its cost, so measured, grows at
most `GROWTH_BAR` times from the middle size to the largest (twice the text: linear work
doubles, quadratic work quadruples). Seeds repeated to the same sizes are the reference: an
ordinary article's growth, in the same run.

    python bench/shapes.py [--runs 3] [--only NAME]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["SHAPES", "main"]

GROWTH_BAR = 2.6
"""At most this much more processor time for twice the text (linear: 2, quadratic: 4; the
margin is the start-up subtracted and a shared machine's noise)."""

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def _fill(size: int, unit: Callable[[int], str]) -> str:
    """`unit(0)`, `unit(1)`, ... joined until `size` characters."""
    out, length, n = [], 0, 0
    while length < size:
        piece = unit(n)
        out.append(piece)
        length += len(piece)
        n += 1
    return "".join(out)


def _name(n: int, letters: str = "bdfgklmnprstvz") -> str:
    """A made-up capitalised name of three syllables, different for each `n`."""
    word, k = "", n
    for _ in range(3):
        word += letters[k % len(letters)] + "aeiou"[(k // len(letters)) % 5]
        k //= len(letters) * 5
    return word.capitalize()


def seeds(size: int) -> str:
    texts = [path.read_text(encoding="utf-8") for path in SEEDS]
    return _fill(size, lambda n: texts[n % len(texts)] + "\n\n")


def particle_names(size: int) -> str:
    return "The " + _fill(size, lambda n: ("al-Assad ", "Abu al-Shishani ", "el-Sisi ")[n % 3])


def towns_each_a_sentence(size: int) -> str:
    return "The " + _fill(size, lambda n: ("Moscow. ", "Damascus. ", "Tunisia. ")[n % 3]) + "\n"


def list_of_unknown_names(size: int) -> str:
    return "Fighters came from " + _fill(size, lambda n: _name(7 * n) + "x, ") + "and Zorbax.\n"


def run_of_titles(size: int) -> str:
    body = _fill(size, lambda n: ("Minister ", "Secretary ", "Governor ")[n % 3])
    return f"The {body}Ministry said it.\n"


def word_packed_with_cues(size: int) -> str:
    return _fill(size, lambda n: ("ab+", "a@", "x://")[n % 3 // 2] * 50)


def roll_on_one_line(size: int) -> str:
    return _fill(size, lambda n: "Coalition nations which have conducted strikes in Iraq: Jordan. ")


def sentence_of_according_tos(size: int) -> str:
    body = _fill(size, lambda n: f"according to officials in Mayadeen {n % 9}, ")
    return f'The army advanced {body}the Observatory said "so".\n'


def many_speakers(size: int) -> str:
    return _fill(size, lambda n: f"{_name(n)} {_name(7 * n)}ov said the army advanced. ")


def sentence_of_figures(size: int) -> str:
    body = _fill(size, lambda n: f"{n % 97 + 2} fighters in Zone {n % 13}, ")
    return f"The toll was {body}in all.\n"


def long_name(size: int) -> str:
    return "The " + _fill(size, lambda n: "Russian Federation Army ") + "said.\n"


def possessives_in_a_name(size: int) -> str:
    return "The " + _fill(size, lambda n: ("Rebels' ", "Forces' ", "Fighters' ")[n % 3]) + "Army."


def names_apart_by_vowels(size: int) -> str:
    def vowels(n: int) -> str:
        word, k = "B", 7 * n
        for consonant in "drnkzl":
            word += "aeiou"[k % 5] + consonant
            k //= 5
        return word

    return _fill(size, lambda n: f"Fighters met {vowels(n)} in the town.\n")


def spaces_inside_a_name(size: int) -> str:
    return "The Russian" + " " * size + "Army said.\n"


def trailing_legal_forms(size: int) -> str:
    return "The Acme" + _fill(size, lambda n: " Co") + " said.\n"


def dash_before_capitals(size: int) -> str:
    return "Fighters advanced on Mayadeen.\n\n- " + "A" * size + ";\n"


@dataclass(frozen=True)
class Shape:
    name: str
    make: Callable[[int], str]
    command: str
    """detect, claims or compare (of the shape and of itself with its figures shifted)."""
    size: int
    """The smallest of the three sizes, in characters."""


SHAPES = [
    Shape("seeds repeated (reference)", seeds, "detect", 500_000),
    Shape("seeds repeated (reference)", seeds, "claims", 250_000),
    Shape("seeds repeated (reference)", seeds, "compare", 250_000),
    Shape("names with particles, one line", particle_names, "detect", 500_000),
    Shape("towns, each a sentence, one line", towns_each_a_sentence, "detect", 100_000),
    Shape("list of unknown names, one line", list_of_unknown_names, "detect", 100_000),
    Shape("run of titles", run_of_titles, "detect", 500_000),
    Shape("word packed with @ + ://", word_packed_with_cues, "detect", 200_000),
    Shape("standing roll, one line", roll_on_one_line, "detect", 500_000),
    Shape('sentence of "according to"s', sentence_of_according_tos, "claims", 200_000),
    Shape("many speakers", many_speakers, "claims", 100_000),
    Shape("sentence of figures", sentence_of_figures, "claims", 50_000),
    Shape("sentence of figures", sentence_of_figures, "compare", 100_000),
    Shape("one long name", long_name, "compare", 50_000),
    Shape("possessives inside a name", possessives_in_a_name, "compare", 200_000),
    Shape("names apart only by vowels", names_apart_by_vowels, "compare", 50_000),
    Shape("spaces inside a name", spaces_inside_a_name, "compare", 1_000_000),
    Shape("a name's trailing legal forms", trailing_legal_forms, "compare", 100_000),
    Shape("a dash before capitals", dash_before_capitals, "claims", 500_000),
]


def newsdesk() -> str:
    exe = Path(sys.executable).with_name("newsdesk")
    return str(exe) if exe.exists() else "newsdesk"


def processor_time(args: list[str]) -> tuple[float, int]:
    """The child's processor seconds (user and system) and its peak memory in KB."""
    with subprocess.Popen(args, stdout=subprocess.DEVNULL) as process:
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args[1:3])} failed: exit {process.returncode}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def command(shape: Shape, one: Path, two: Path) -> list[str]:
    if shape.command == "detect":
        return [newsdesk(), "detect", "--jsonl", str(one)]
    if shape.command == "claims":
        return [newsdesk(), "claims", "--json", str(one)]
    return [newsdesk(), "compare", "--json", str(one), str(two)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="launches per size (median)")
    parser.add_argument("--only", help="the shapes whose name holds this")
    args = parser.parse_args(argv)
    shapes = [s for s in SHAPES if not args.only or args.only in s.name]
    print(f"load average at the start: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    print(
        f"{'shape':<34} {'command':<8} {'sizes (KB)':>18}  {'processor s less start-up':>27}"
        f"  {'growth':>6}  {'peak MB':>7}"
    )
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        tiny = Path(tmp, "tiny.txt")
        tiny.write_text("Ten people died in Aleppo, the ministry said.\n", encoding="utf-8")
        for shape in shapes:
            start_up = statistics.median(
                processor_time(command(shape, tiny, tiny))[0] for _ in range(max(2, args.runs))
            )
            net, peak = [], 0
            sizes = [shape.size, 2 * shape.size, 4 * shape.size]
            for size in sizes:
                text = shape.make(size)
                one, two = Path(tmp, "one.txt"), Path(tmp, "two.txt")
                one.write_text(text, encoding="utf-8")
                # The second report: the same shape, its figures and names shifted a little.
                two.write_text(text.replace("1", "3").replace("a", "e"), encoding="utf-8")
                runs = [processor_time(command(shape, one, two)) for _ in range(args.runs)]
                net.append(max(statistics.median(r[0] for r in runs) - start_up, 0.01))
                peak = max(peak, max(r[1] for r in runs))
            growth = net[2] / net[1]
            failed += growth > GROWTH_BAR
            shown = " / ".join(f"{s / 1e3:g}" for s in sizes)
            times = " / ".join(f"{t:.2f}" for t in net)
            print(
                f"{shape.name:<34} {shape.command:<8} {shown:>18}  {times:>27}"
                f"  {growth:>5.2f}x  {peak / 1024:>7.0f}"
            )
    verdict = "PASS" if not failed else f"FAIL ({failed} shape(s))"
    print(f"\n{verdict}  every shape at most {GROWTH_BAR}x the processor time for twice the text")
    return 0


if __name__ == "__main__":
    sys.exit(main())
