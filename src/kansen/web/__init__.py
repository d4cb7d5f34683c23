"""The kansen platform: a Django project on top of the analysis library.

Everything that stores, permits or shows lives here; reading and computing lives in the
library (``kansen.io``, ``kansen.demo`` ...). Nothing outside this package imports Django.
"""
