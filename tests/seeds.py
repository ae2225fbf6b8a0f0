"""Where the seed tutorials are (`shared/` beside the repository, as in CI, else /work/shared),
and facts about them more than one test needs."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_CANDIDATES = (REPO.parent / "shared" / "seeds", Path("/work/shared/seeds"))
SEEDS = next((path for path in _CANDIDATES if path.is_dir()), _CANDIDATES[0])

# The Lambda functions of the bookstore seed (003), by their function names.
BOOKSTORE_FUNCTIONS = (
    "checkInventory",
    "orderToPrint",
    "checkFurtherDiscountEligibility",
    "generateDiscountCode",
    "updateLoyaltyPoints",
    "prepareOrder",
    "sendToShipment",
    "updateRecoEngine",
)
