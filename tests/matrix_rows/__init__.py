"""Rows of the role x URL matrix, one module per area of the service.

Each module defines ``PATHS`` (route -> example path, with ``{pk}`` for the target child or
``{case}`` for the target child's first request) and ``ROWS`` (route -> principal ->
outcome), using the outcomes defined in ``tests.test_permission_matrix``.
"""
