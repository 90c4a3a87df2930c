"""The registry's own settings (when its fiscal year begins) and the tenures a claim can name."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from datasets.models.documents import slug_validator


class RegistrySettings(models.Model):
    """The registry's settings: one row (see `current()`), written by the importer from the file's
    `meta:` and editable in the admin.

    The fiscal year's start is data because it belongs to the subject, not to the product: a US
    federal registry counts from 1 October, a state's school budget from 1 July. Fiscal year N is
    the twelve months that end in year N ("FY2019" with a 1 October start runs from 1 October 2018
    to 30 September 2019; with the default 1 January start it is the calendar year 2019).
    """

    SINGLETON_ID = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_ID, editable=False)
    fiscal_year_start_month = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    fiscal_year_start_day = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )

    class Meta:
        verbose_name = verbose_name_plural = "registry settings"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="registry_settings_single_row"),
        ]

    def __str__(self) -> str:
        return "Registry settings"

    def clean(self) -> None:
        if not is_month_day(self.fiscal_year_start_month, self.fiscal_year_start_day):
            message = "Give a day that exists in that month in every year (not 29 February)."
            raise ValidationError({"fiscal_year_start_day": message})

    @classmethod
    def current(cls) -> RegistrySettings:
        """The stored settings, or the defaults (unsaved) when none were ever stored."""
        return cls.objects.filter(pk=cls.SINGLETON_ID).first() or cls()

    @property
    def fiscal_year_start(self) -> tuple[int, int]:
        """(month, day) on which the fiscal year begins."""
        return self.fiscal_year_start_month, self.fiscal_year_start_day


def is_month_day(month: int, day: int) -> bool:
    """Whether (month, day) falls in every year: 29 February does not."""
    try:
        date(2001, month, day)
    except (TypeError, ValueError):
        return False
    return True


class Tenure(models.Model):
    """A period in office that a claim can blame or credit ("under Biden", "she lost")."""

    slug = models.SlugField(max_length=80, unique=True, validators=[slug_validator])
    label = models.CharField(max_length=120)
    start = models.DateField()
    end = models.DateField(null=True, blank=True, help_text="Empty while in office.")
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text='Names and phrases that point to this tenure, lower case ("biden", "harris").',
    )

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__lte=models.F("end")),
                name="tenure_start_before_end",
            ),
        ]

    def __str__(self) -> str:
        return self.label
