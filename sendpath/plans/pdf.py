"""The plan as a PDF, rendered by WeasyPrint from the same document template as the page.

WeasyPrint is imported lazily, so the rest of the service runs where it (or the system's
Pango library it needs) is missing: the PDF link then answers 503 with a page saying so.
The PDF is tagged for accessibility as PDF/UA-1 (``pdf_variant="pdf/ua-1"``), with the
document's language and title set, so screen readers get headings and reading order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

CSS = Path(__file__).resolve().parent / "static" / "plans" / "plan.css"


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError):  # OSError: the Pango library could not be loaded
        return None
    return weasyprint


def render_pdf(html: str) -> bytes:
    weasyprint = _weasyprint()
    if weasyprint is None:
        raise RuntimeError("WeasyPrint is not available")
    return weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def filename(context: dict[str, Any]) -> str:
    """No child's name in the file name: it travels in download folders and email."""
    return f"ehc-plan-{context['plan'].pk}-version-{context['version'].number}.pdf"


def pdf_response(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    if _weasyprint() is None:
        return render(request, "plans/pdf_unavailable.html", context, status=503)
    html = render_to_string(
        "plans/plan_pdf.html", {**context, "css": CSS.read_text(encoding="utf-8")}, request=request
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename(context)}"'
    return response
