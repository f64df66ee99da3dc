"""Live feeds: keep a store current from RSS/Atom feeds (``dotterel watch``).

``sources`` reads feed lists and feeds, ``fetch`` is the polite HTTP client (conditional
GET, retries, per-host interval, robots.txt), ``state`` keeps what was seen in the store,
``watch`` runs the polls.
"""

from .fetch import Fetcher, FetchError, FetchPolicy
from .sources import FeedSource, read_feed_list
from .watch import PollReport, Watcher, parse_interval, run

__all__ = ["Fetcher", "FetchError", "FetchPolicy", "FeedSource", "read_feed_list", "PollReport", "Watcher",
           "parse_interval", "run"]
