# The part of WeasyPrint's API that kansen uses; WeasyPrint ships no type information.
from collections.abc import Mapping
from typing import IO, Any

class URLFetcherResponse:
    def __init__(
        self,
        url: str,
        body: str | bytes | IO[bytes] | None = None,
        headers: Mapping[str, str] | None = None,
        status: int = 200,
        **kwargs: Any,
    ) -> None: ...

class URLFetcher:
    def __init__(
        self,
        timeout: float = 10,
        ssl_context: Any = None,
        http_headers: Mapping[str, str] | None = None,
        allowed_protocols: Any = None,
        allow_redirects: bool = True,
        fail_on_errors: bool = False,
        **kwargs: Any,
    ) -> None: ...
    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse: ...
    def __call__(self, url: str) -> URLFetcherResponse: ...

def __getattr__(name: str) -> Any: ...
