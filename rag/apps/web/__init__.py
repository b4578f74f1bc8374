"""The chat app: :mod:`.page` is the Streamlit page (``minutes app`` runs it), :mod:`.support`
its logic, kept out of Streamlit so it can be tested on its own."""
