"""Chat with council minutes: ``streamlit run app.py`` from a checkout (or ``minutes app``
anywhere). The page is :mod:`rag.apps.web.page`; its logic is :mod:`rag.apps.web.support`."""

from rag.apps.web.page import main

main()
