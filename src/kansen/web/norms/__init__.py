"""Social-minimum norms kept by the platform administrator.

The norms shipped with kansen (``kansen.eligibility``'s packaged data) end with the last period
known at release; the Participatiewet norms change every 1 January and 1 July. Here the platform
administrator adds a norm period (form or CSV import, validated by ``kansen.eligibility``) with
its source, sees the history, and is warned from eight weeks before the last period runs out.
The public eligibility check reads :func:`~kansen.web.norms.selectors.platform_norms`.
"""
