"""Settings of the Brackel office (``config/offices/brackel.toml``)."""

from __future__ import annotations

from attrs import field, frozen

from lwcore import OfficeSettings


@frozen
class BrackelSettings(OfficeSettings):
    """The common office settings, plus the notice in the shop window.

    The office is a shop front on Brackeler Hellweg; the notice tells
    passers-by when the next open hours are and is shown on the Today screen.
    """

    shop_window_notice: str = field(default="")
