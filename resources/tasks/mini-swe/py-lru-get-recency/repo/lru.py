"""A small least-recently-used cache."""

from collections import OrderedDict


class LRUCache:
    """Maps keys to values and holds at most ``capacity`` entries.

    When full, ``put`` evicts the entry that was used least recently; both
    ``get`` and ``put`` count as a use.
    """

    def __init__(self, capacity):
        if capacity < 1:
            raise ValueError("capacity must be >= 1, got %r" % (capacity,))
        self.capacity = capacity
        self._data = OrderedDict()

    def get(self, key, default=None):
        if key not in self._data:
            return default
        return self._data[key]

    def put(self, key, value):
        if key in self._data:
            self._data.move_to_end(key)
        self._data[key] = value
        if len(self._data) > self.capacity:
            self._data.popitem(last=False)

    def __contains__(self, key):
        return key in self._data

    def __len__(self):
        return len(self._data)
