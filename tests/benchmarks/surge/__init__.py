"""`casework bench`: the surge benchmark (issue 8).

A real `casework serve`, a CRUD twin of the same endpoints and a bare Litestar app, each
driven over HTTP by `wrk` in alternating rounds; see docs/performance.md. The harness
lives with the tests, not in the product packages: it is a developer tool run from a
checkout of the repository.
"""
