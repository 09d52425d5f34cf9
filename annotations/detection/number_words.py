"""Words of figures: units, scales, currencies, months, durations and vague amounts."""

from __future__ import annotations

__all__ = [
    "CURRENCY",
    "DOLLARS",
    "DURATION",
    "MONTHS",
    "SCALE_WORD",
    "UNIT",
    "UNITS_WORD",
    "VAGUE",
]


UNITS_WORD = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALE_WORD = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000,
    "k": 1_000, "dozen": 12,
}
# Plural scales are vague amounts: "hundreds" is at least 200, "dozens" at least 24.
VAGUE = {
    "dozens": (24, 144), "hundreds": (200, 1_000), "thousands": (2_000, 10_000),
    "millions": (2_000_000, 10_000_000), "billions": (2_000_000_000, 10_000_000_000),
    "tens": (20, 100), "scores": (40, 200),
}
MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
CURRENCY = {"$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "dollar": "USD",
             "£": "GBP", "gbp": "GBP", "pounds": "GBP", "€": "EUR", "eur": "EUR",
             "euros": "EUR", "euro": "EUR", "dinar": "dinar", "dinars": "dinar",
             "riyal": "riyal", "riyals": "riyal", "rupee": "INR", "rupees": "INR", "yen": "JPY",
             "yuan": "CNY", "roubles": "RUB", "rubles": "RUB", "rouble": "RUB", "ruble": "RUB",
             "lira": "lira", "pesos": "peso", "peso": "peso", "francs": "franc", "rand": "ZAR",
             "shekels": "ILS", "shekel": "ILS", "naira": "NGN"}
DOLLARS = {"us": "USD", "nz": "NZD", "a": "AUD", "au": "AUD", "c": "CAD", "ca": "CAD",
            "hk": "HKD", "s": "SGD", "sg": "SGD"}
UNIT = {
    "%": "%", "percent": "%", "per cent": "%", "percentage points": "%",
    "km": "km", "kilometers": "km", "kilometres": "km", "kilometer": "km", "kilometre": "km",
    "miles": "mi", "mile": "mi", "mi": "mi", "m": "m", "metres": "m", "meters": "m",
    "metre": "m", "meter": "m", "ft": "ft", "feet": "ft", "foot": "ft", "yards": "yd",
    "km2": "km2", "sq km": "km2", "square km": "km2", "square kilometers": "km2",
    "square kilometres": "km2", "square miles": "mi2", "square mile": "mi2",
    "square metres": "m2", "square meters": "m2", "hectares": "ha", "acres": "acre",
    "m3/s": "m3/s", "tons": "t", "tonnes": "t", "tonne": "t", "ton": "t", "kg": "kg",
    "kilograms": "kg", "pounds": "lb", "litres": "l", "liters": "l", "barrels": "bbl",
    "mm": "mm", "cm": "cm", "kilos": "kg", "nautical miles": "nmi", "acre": "acre-ft",
    "cu": "ft3/s", "cubic": "m3", "m3": "m3", "m³": "m3", "mph": "mph", "kph": "km/h",
    "mhz": "MHz", "ghz": "GHz", "khz": "kHz", "hz": "Hz", "mw": "MW", "gw": "GW", "kw": "kW",
    "kwh": "kWh", "gallons": "gal", "degrees": "°", "°c": "°C", "°f": "°F", "inch": "in",
    "inches": "in",
}
DURATION = {
    "second": "second", "seconds": "second", "minute": "minute", "minutes": "minute",
    "hour": "hour", "hours": "hour", "day": "day", "days": "day", "week": "week",
    "weeks": "week", "month": "month", "months": "month", "year": "year", "years": "year",
    "decade": "decade", "decades": "decade", "century": "century", "centuries": "century",
}
