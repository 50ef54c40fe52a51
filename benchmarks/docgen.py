"""Synthetic roadmap documents for import benchmarks, deterministic by seed.

The importer's speed depends on what it reads: tab-separated plan tables
(«№ п/п ⇥ Мероприятие ⇥ Срок ⇥ Ответственные»), Russian deadline phrases that
recur («ежемесячно до 5 числа», «1 раз в квартал») and responsible bodies
that fan out («ОО» is every school). The bundled roadmaps are too few to load
a database of a million assignments, so this writes as many documents as
asked in the same shape, using only bodies that both the bundled registry
(data/bodies.csv) and the demo region's registry know. Document k is the same
for a given seed whatever the count, so a folder of 10 is a prefix of 893.

    python -m benchmarks.docgen FOLDER --count 893 [--seed 1] [--no-groups]

In a new database (58 schools in the bundled registry) one document gives
about `ASSIGNMENTS_PER_DOCUMENT` assignments; in the demo region «ОО» is
1,400 schools, so the same document gives many more there.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

#: Mean assignments one document adds to a new database (measured on 200 documents, seed 1).
ASSIGNMENTS_PER_DOCUMENT = 1_093

#: Deadline phrases as coordinators print them; the plan year is 2026.
DEADLINES: tuple[str, ...] = (
    "Ежегодно до 25 сентября", "1 раз в квартал", "ежемесячно до 5 числа", "до 20.12.2026",
    "Май 2026 года", "Ежегодно – июнь, декабрь", "Сентябрь-октябрь", "Ежеквартально",
    "до 1 июня 2026 года", "Ноябрь 2026", "Март, октябрь", "В течение года",
)

#: Responsible cells naming bodies known to both registries; «ОО» expands to every school.
GROUP_CELLS: tuple[str, ...] = ("ОО", "ОО, ДОО ТО", "Департамент общего образования Томской области, ОО")
NAMED_CELLS: tuple[str, ...] = ("ДОО ТО", "Вузы г. Томска", "ОМУ", "Общественные организации",
                                "Департамент общего образования Томской области")

_SECTIONS = ("Организационно-методическое сопровождение", "Работа с обучающимися",
             "Повышение квалификации педагогов", "Мониторинг и контроль",
             "Информационное сопровождение", "Взаимодействие с партнёрами")
_ACTIONS = ("Проведение мониторинга", "Организация семинара", "Сбор отчётов", "Проведение совещания",
            "Подготовка аналитической справки", "Размещение информации на сайтах",
            "Организация конкурса", "Проведение консультаций", "Анализ результатов",
            "Разработка методических рекомендаций")
_SUBJECTS = ("по профориентации обучающихся", "по функциональной грамотности",
             "по профильному обучению", "по подготовке к ГИА", "по работе с одарёнными детьми",
             "по наставничеству", "по психолого-педагогическим классам",
             "по дополнительному образованию", "по цифровой образовательной среде",
             "по патриотическому воспитанию")
_TOPICS = ("повышению качества образования", "профессиональной ориентации обучающихся",
           "развитию функциональной грамотности", "поддержке одарённых детей",
           "развитию дополнительного образования")


def document_text(index: int, *, seed: int = 1, groups: bool = True) -> str:
    """The text of document `index` (1-based): a dated order with one plan table."""
    rng = random.Random(f"{seed}:{index}:{groups}")
    cells = GROUP_CELLS + NAMED_CELLS if groups else NAMED_CELLS
    # Group cells fan out to every school, so they are rarer than named bodies.
    weights = [5] * len(GROUP_CELLS) + [3] * len(NAMED_CELLS) if groups else None
    day = 1 + (index - 1) % 28
    lines = ["ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ", "ПРИКАЗ", f"{day:02d}.01.2026 № {100 + index}/р", "",
             f"Об утверждении плана мероприятий («дорожной карты») по {rng.choice(_TOPICS)} "
             f"на 2026 год (план № {index})", "", "ПЛАН МЕРОПРИЯТИЙ", "",
             "№ п/п\tМероприятие\tСрок\tОтветственные"]
    for section, name in enumerate(rng.sample(_SECTIONS, rng.randint(2, 4)), start=1):
        lines.append(f"{section}.\t{name}\t\t")
        for number in range(1, rng.randint(3, 7) + 1):
            title = f"{rng.choice(_ACTIONS)} {rng.choice(_SUBJECTS)}"
            cell = rng.choices(cells, weights=weights)[0]
            lines.append(f"{section}.{number}.\t{title}\t{rng.choice(DEADLINES)}\t{cell}")
    return "\n".join(lines) + "\n"


def write_documents(folder: Path, count: int, *, seed: int = 1, groups: bool = True,
                    first: int = 1) -> list[Path]:
    """Write documents `first` … `first + count - 1` into `folder`; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(first, first + count):
        path = folder / f"plan-{index:05d}.txt"
        path.write_text(document_text(index, seed=seed, groups=groups), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-groups", action="store_true",
                        help="only named bodies (no «ОО»): the same assignments in any registry")
    args = parser.parse_args(argv)
    written = write_documents(args.folder, args.count, seed=args.seed, groups=not args.no_groups)
    print(f"{len(written)} documents in {args.folder}")


if __name__ == "__main__":
    main()
