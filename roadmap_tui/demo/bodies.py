"""The responsible bodies of a synthetic region: municipalities, their schools and services.

Each municipality has the services the seeds name in Tomsk (an education
authority, a methodological centre, a career centre, a centre of additional
education, a deputy head), plus its schools; a few bodies are regional.
School codes carry the municipality because "МАОУ СОШ № 1" exists in every
district; the short name stays what people say.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

#: Municipalities of Tomsk Oblast with the relative number of schools the demo gives them.
MUNICIPALITIES: tuple[tuple[str, int], ...] = (
    ("Город Томск", 12), ("ЗАТО Северск", 5), ("Томский район", 5), ("Асиновский район", 3),
    ("Колпашевский район", 3), ("Каргасокский район", 3), ("Город Стрежевой", 2),
    ("Бакчарский район", 2), ("Верхнекетский район", 2), ("Зырянский район", 2),
    ("Кожевниковский район", 2), ("Кривошеинский район", 2), ("Молчановский район", 2),
    ("Парабельский район", 2), ("Первомайский район", 2), ("Чаинский район", 2),
    ("Шегарский район", 2), ("Александровский район", 1), ("Тегульдетский район", 1),
    ("Город Кедровый", 1),
)

#: (code prefix, kind, full name pattern, short name pattern) of a municipality's services.
SERVICES: tuple[tuple[str, str, str, str], ...] = (
    ("УО", "department", "Управление образования ({m})", "УО ({m})"),
    ("ИМЦ", "centre", "Информационно-методический центр ({m})", "ИМЦ ({m})"),
    ("ЦПК", "centre", "Центр планирования карьеры ({m})", "ЦПК ({m})"),
    ("ЦДО", "centre", "Центр дополнительного образования ({m})", "ЦДО ({m})"),
    ("ЗАМ", "other", "Заместитель начальника управления образования ({m})", "Зам. начальника ({m})"),
)

#: Regional bodies: (code, kind, full name, short name).
REGIONAL: tuple[tuple[str, str, str, str], ...] = (
    ("ОО", "group", "Общеобразовательные организации муниципалитета", "ОО"),
    ("ДОО_ТО", "department", "Департамент общего образования Томской области", "ДОО ТО"),
    ("РЦРО", "centre", "ОГБУ «Региональный центр развития образования»", "РЦРО"),
    ("ОМУ", "other", "АНО ДПО «Открытый молодёжный университет»", "ОМУ"),
    ("ВУЗЫ", "other", "Вузы г. Томска", "Вузы"),
    ("ОБЩ_ОРГ", "other", "Общественные организации", "Общественные организации"),
)

#: Seed codes (see tests/fixtures/golden/README.md) → the service that plays that role.
ROLE_OF_SEED_CODE: dict[str, str] = {
    "ДО": "УО", "РОО_АЛЕКС": "УО", "КОМИТЕТ_ОО": "УО", "ИМЦ": "ИМЦ", "МО": "ИМЦ",
    "ЦПК": "ЦПК", "ХОББИ": "ЦДО", "ЗАМ_НАЧ": "ЗАМ",
    "ОМУ": "ОМУ", "ВУЗЫ": "ВУЗЫ", "ОБЩ_ОРГ": "ОБЩ_ОРГ", "ОО": "ОО",
    "ДОО_ТО": "ДОО_ТО", "РЕГ_КООРД": "РЦРО",
}

_SCHOOL_TYPES = (("МАОУ", "СОШ", 70), ("МБОУ", "ООШ", 12), ("МАОУ", "гимназия", 8),
                 ("МАОУ", "лицей", 6), ("МКОУ", "НОШ", 4))


@dataclass(frozen=True)
class Municipality:
    """One district: its services by role and its schools' body ids."""

    index: int
    name: str
    services: dict[str, int]
    schools: tuple[int, ...]


def split_schools(total: int, count: int) -> list[int]:
    """Share `total` schools among the first `count` municipalities by weight (largest remainder)."""
    weights = [w for _, w in MUNICIPALITIES[:count]]
    exact = [total * w / sum(weights) for w in weights]
    shares = [max(1, int(x)) for x in exact]
    by_remainder = sorted(range(count), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    for i in by_remainder[: max(0, total - sum(shares))]:
        shares[i] += 1
    return shares


def build_bodies(rng: random.Random, municipalities: int, schools: int
                 ) -> tuple[list[dict[str, object]], dict[str, int], list[Municipality]]:
    """Body rows with explicit ids, regional ids by code, and the municipalities."""
    rows: list[dict[str, object]] = []

    def add(code: str, kind: str, full: str, short: str, municipality: str | None,
            email: str | None = None) -> int:
        body_id = len(rows) + 1
        rows.append({"id": body_id, "code": code, "full_name": full, "short_name": short,
                     "kind": kind, "email": email, "aliases": "", "municipality": municipality})
        return body_id

    regional = {code: add(code, kind, full, short, None) for code, kind, full, short in REGIONAL}
    found = []
    for index, count in enumerate(split_schools(schools, municipalities)):
        name = MUNICIPALITIES[index][0]
        services = {
            prefix: add(f"{prefix}:{name}", kind, full.format(m=name), short.format(m=name), name,
                        f"{prefix.lower()}.{index + 1:02d}@example.org")
            for prefix, kind, full, short in SERVICES
        }
        school_ids = []
        for number in range(1, count + 1):
            forma, kind_name = rng.choices([(f, t) for f, t, _ in _SCHOOL_TYPES],
                                           weights=[w for *_, w in _SCHOOL_TYPES])[0]
            short = f"{forma} {kind_name} № {number}"
            school_ids.append(add(f"school:{name}:{short}", "school", f"{short} ({name})", short,
                                  name, f"school{number}.{index + 1:02d}@example.org"))
        found.append(Municipality(index, name, services, tuple(school_ids)))
    return rows, regional, found
