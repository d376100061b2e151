"""The appointment slip: when and where the client is expected, and for whom,
so a family booked two weeks ahead still knows the day and the door."""

from __future__ import annotations

from datetime import datetime, timedelta

from lwcore.directory import Directory
from lwcore.papers.catalogue import N_, Words
from lwcore.papers.document import Block, Field, Heading, Paper, Paragraph
from lwcore.papers.office_lines import place, sender, topic
from lwcore.services.appointments import AppointmentRecord


def appointment_paper(appointment: AppointmentRecord, directory: Directory) -> Paper:
    """The slip of a booked appointment (its time in the deployment's zone)."""
    entry = directory.office(appointment.office)
    starts = appointment.starts_at.astimezone(directory.deployment.zone)
    ends = starts + timedelta(minutes=appointment.duration_minutes)
    reach = entry.office.phone
    blocks: list[Block] = [
        Paragraph(N_("You have an appointment with us. Please come on time.")),
        Field(N_("Day"), lambda words: words.day(starts.date())),
        Field(N_("Time"), lambda words: _hours(words, starts, ends)),
        Field(N_("Place"), place(entry, appointment.place)),
        Field(N_("For"), appointment.label),
        Field(N_("Topic"), topic(directory, appointment.topic)),
        Field(N_("Appointment number"), str(appointment.id)),
        Heading(N_("Please note")),
        Paragraph(N_("Please bring this paper with you.")),
    ]
    if reach:
        blocks.append(
            Paragraph(N_("If you cannot come, please call us: {phone}"), {"phone": reach})
        )
    else:
        blocks.append(Paragraph(N_("If you cannot come, please tell us.")))
    return Paper(
        title=N_("Appointment"),
        sender=sender(entry),
        blocks=tuple(blocks),
        file_stem=f"appointment-{appointment.id}",
    )


def _hours(words: Words, starts: datetime, ends: datetime) -> str:
    return words(N_("{start} to {end}"), start=f"{starts:%H:%M}", end=f"{ends:%H:%M}")
