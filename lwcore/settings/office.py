"""The settings an office keeps in ``config/offices/<slug>.toml``.

An office plugin subclasses :class:`OfficeSettings` to add keys of its own
and names the subclass in its ``lw_settings_class`` hook. The sections reuse
the hook records (:mod:`lwcore.records`), so the file and the plugin's hook
results have one shape and one set of checks.
"""

from __future__ import annotations

from attrs import field, frozen

from lwcore.records import (
    ConsultationHours,
    InvalidValue,
    Language,
    Office,
    Partner,
    RoundTableSeries,
    Topic,
    as_tuple,
)


@frozen
class OfficeSettings:
    """Identity, hours, languages, partners, round tables and extra topics of one office."""

    office: Office
    languages: tuple[Language, ...] = field(default=(), converter=as_tuple)
    consultation_hours: tuple[ConsultationHours, ...] = field(default=(), converter=as_tuple)
    partners: tuple[Partner, ...] = field(default=(), converter=as_tuple)
    round_tables: tuple[RoundTableSeries, ...] = field(default=(), converter=as_tuple)
    topics: tuple[Topic, ...] = field(default=(), converter=as_tuple)

    @consultation_hours.validator
    def _known_places(self, _attribute: object, value: tuple[ConsultationHours, ...]) -> None:
        places = self.office.place_keys()
        for index, hours in enumerate(value):
            if hours.place not in places:
                raise InvalidValue(
                    f"consultation_hours[{index}].place",
                    f"{hours.place!r} is neither 'office' nor an outpost key ({', '.join(places)})",
                )
