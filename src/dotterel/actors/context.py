"""What the coder knows of an article while reading it: people met, countries named, the last group."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ..records import Entity
from ..resources import NON_STATE_CODES

CLEAR_LEAD = 2  # how many times as often as the next the leading country is named to be the article's own


@dataclass
class PersonRecord:
    full_name: str
    entity: Entity
    keys: set[str]


@dataclass
class ArticleContext:
    """What the coder knows of the article so far: people described, the dominant country."""

    pub_date: date | None = None
    country_counts: Counter = field(default_factory=Counter)
    persons: list[PersonRecord] = field(default_factory=list)
    last_person: PersonRecord | None = None
    last_subject_person: PersonRecord | None = None
    last_group: list[Entity] = field(default_factory=list)  # the last non-person actor, for 'it' / 'they'
    last_group_sentence: int = -10
    sentence: int = 0  # sequence number of the sentence being coded
    default_country: str | None = None

    def find_person(self, name: str) -> PersonRecord | None:
        key = name.lower()
        for record in reversed(self.persons):
            if key == record.full_name.lower() or key in record.keys:
                return record
        return None

    def leading_countries(self, n: int) -> tuple[str, ...]:
        """The n countries the article has named most so far."""
        return tuple(code for code, _ in self.country_counts.most_common(n))

    def dominant_country(self) -> str | None:
        if self.default_country:
            return self.default_country
        common = self.country_counts.most_common(1)
        return common[0][0] if common else None

    def clear_dominant_country(self) -> str | None:
        """The article's country only when it clearly leads: named at least CLEAR_LEAD times as often
        as the next (or the user's default country)."""
        if self.default_country:
            return self.default_country
        common = self.country_counts.most_common(2)
        if not common or (len(common) == 2 and common[0][1] < CLEAR_LEAD * common[1][1]):
            return None
        return common[0][0]

    def entity(self, text, name, code, sector, office, source) -> Entity:
        """A coded entity, counted towards the article's countries and kept for 'it' / 'they'."""
        if code and code not in NON_STATE_CODES and source != "context":
            self.country_counts[code] += 1  # only states the text names count towards the fallback
        entity = Entity(entity_text=text, name=name, code=code, sector=sector, office=office, source_of_code=source)
        if code and source != "context":
            self.last_group = [entity]
            self.last_group_sentence = self.sentence
        return entity

    def register(self, name: str, entity: Entity, salient: bool = True) -> Entity:
        """Remember a person by full name and by first and last word ('Liu Qibao' is 'Liu')."""
        words = name.split()
        keys = {name.lower()}
        if len(words) > 1:
            keys.add(words[-1].lower())
            # Chinese, Korean... names put the family name first: "Liu Qibao" is "Liu"
            keys.add(words[0].lower())
        record = PersonRecord(name, entity, keys)
        self.persons.append(record)
        if salient:  # a name met while reading, not one gathered ahead by the scan, is what 'he' means
            self.last_person = record
        return entity

    def note_subjects(self, entities: list[Entity]) -> None:
        """The last person acting in subject position is what 'he' / 'she' most likely refers to."""
        for entity in entities:
            record = self.find_person(entity.name)
            if record is not None:
                self.last_subject_person = record
