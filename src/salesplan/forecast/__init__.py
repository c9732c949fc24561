"""``salesplan forecast``: planning the next period from past deals.

Read a history file with the tracking readers (:mod:`.history`), derive the seasonality,
the trend and the proposed monthly targets (:mod:`.seasonality`), check them against the
plan's reps (:mod:`.capacity`) and funnel (:mod:`.funnel`), format the result
(:mod:`.report`) and write the targets back into a plan file (:mod:`.planfile`).

The library entry points:

* :func:`forecast_file` (``path``, optional plan and :class:`ForecastOptions`) -> :class:`Forecast`;
* :func:`basis` (plan, history path) -> :class:`ForecastBasis`, the tables of the Word plan's
  "Basis of the plan" section.
"""

from salesplan.forecast.build import (
    BasisMonth,
    Forecast,
    ForecastBasis,
    ForecastOptions,
    basis,
    build_forecast,
    forecast_file,
    forecast_months,
)
from salesplan.forecast.history import History, HistoryError, read_history

__all__ = [
    "BasisMonth", "Forecast", "ForecastBasis", "ForecastOptions", "History", "HistoryError", "basis",
    "build_forecast", "forecast_file", "forecast_months", "read_history",
]
