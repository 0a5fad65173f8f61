"""Inventory bookkeeping for the warehouse service.

Loads stock levels from CSV exports and reconciles them with orders.
"""
import csv
import logging
from dataclasses import dataclass, field
from pathlib import Path

LOG = logging.getLogger(__name__)
DEFAULT_LOCATION = "MAIN"
MAX_BIN_CAPACITY = 250


# A physical place in the warehouse; bins are addressed as AISLE-SHELF-SLOT.
@dataclass(frozen=True)
class Bin:
    """One storage bin."""

    aisle: str
    shelf: int
    slot: int

    @property
    def code(self) -> str:
        return f"{self.aisle}-{self.shelf:02d}-{self.slot:02d}"


class Inventory:
    """Stock levels per product and bin.

    Quantities are never negative; every change is written to the journal.
    """

    def __init__(self, location=DEFAULT_LOCATION):
        self.location = location
        self.levels = {}
        self.journal = []

    def quantity(self, sku):
        """Total quantity of a product over all bins."""
        return sum(q for (s, _), q in self.levels.items() if s == sku)

    # Loading is tolerant: bad rows are logged and skipped, never fatal.
    def load_csv(self, path: Path) -> int:
        """Reads a stock export and returns the number of rows applied.

        The export has the columns sku, bin, quantity and optionally
        location, unit and note. Rows for other locations are ignored.
        """
        applied = 0
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            missing = {"sku", "bin", "quantity"} - set(reader.fieldnames or [])
            if missing:
                raise ValueError(f"{path}: missing columns {sorted(missing)}")
            for number, row in enumerate(reader, start=2):
                location = (row.get("location") or DEFAULT_LOCATION).strip()
                if location != self.location:
                    continue
                sku = (row.get("sku") or "").strip().upper()
                if not sku:
                    LOG.warning("%s:%d: empty sku", path, number)
                    continue
                try:
                    aisle, shelf, slot = row["bin"].split("-")
                    place = Bin(aisle, int(shelf), int(slot))
                except ValueError:
                    LOG.warning("%s:%d: bad bin %r", path, number, row["bin"])
                    continue
                try:
                    quantity = int(row["quantity"])
                except ValueError:
                    LOG.warning("%s:%d: bad quantity %r", path, number, row["quantity"])
                    continue
                if quantity < 0:
                    LOG.warning("%s:%d: negative quantity for %s", path, number, sku)
                    continue
                if quantity > MAX_BIN_CAPACITY:
                    LOG.warning("%s:%d: %d exceeds bin capacity", path, number, quantity)
                    quantity = MAX_BIN_CAPACITY

                unit = (row.get("unit") or "piece").strip().lower()
                if unit == "dozen":
                    quantity *= 12
                elif unit == "pair":
                    quantity *= 2
                elif unit not in ("piece", "pieces", "pcs"):
                    LOG.warning("%s:%d: unknown unit %r, assuming pieces", path, number, unit)

                key = (sku, place.code)
                previous = self.levels.get(key, 0)
                self.levels[key] = quantity
                note = (row.get("note") or "").strip()
                self.journal.append(
                    {
                        "sku": sku,
                        "bin": place.code,
                        "from": previous,
                        "to": quantity,
                        "source": str(path),
                        "line": number,
                        "note": note,
                    }
                )
                if previous and abs(previous - quantity) > previous // 2:
                    LOG.info("%s: large correction for %s in %s", path, sku, place.code)
                applied += 1
        LOG.info("%s: applied %d rows", path, applied)
        return applied

    def take(self, sku, bin_code, quantity):
        """Removes stock for an order; refuses to go below zero."""
        key = (sku, bin_code)
        available = self.levels.get(key, 0)
        if quantity > available:
            raise ValueError(f"only {available} of {sku} in {bin_code}")
        self.levels[key] = available - quantity
        self.journal.append({"sku": sku, "bin": bin_code, "from": available, "to": available - quantity})


def low_stock(inventory, threshold=5):
    """Products whose total quantity is below the threshold, sorted by sku."""
    totals = {}
    for (sku, _), quantity in inventory.levels.items():
        totals[sku] = totals.get(sku, 0) + quantity
    return sorted(sku for sku, total in totals.items() if total < threshold)


def _format(levels):
    return "\n".join(f"{sku:<12} {code:<10} {q:>5}" for (sku, code), q in sorted(levels.items()))


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    inventory = Inventory()
    inventory.load_csv(Path("stock.csv"))
    print(_format(inventory.levels))
    print("low:", ", ".join(low_stock(inventory)))
