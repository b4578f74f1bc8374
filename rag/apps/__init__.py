"""The applications, on top of the library: the ``minutes`` command (:mod:`.cli`), the chat app
(:mod:`.web`), evaluation (:mod:`.evaluation`) and the benchmark (:mod:`.benchmark`). Nothing
below this package imports it."""
