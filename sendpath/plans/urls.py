from django.urls import path

from sendpath.plans import comment_views, views

app_name = "plans"
urlpatterns = [
    path("plans/<int:pk>/", views.plan_detail, name="detail"),
    path("plans/<int:pk>/versions/<int:number>/", views.version_detail, name="version"),
    path("plans/<int:pk>/versions/<int:number>/pdf/", views.version_pdf, name="pdf"),
    path("plans/<int:pk>/compare/", views.compare, name="compare"),
    path("plans/<int:pk>/comments/", comment_views.comments, name="comments"),
    path("plans/<int:pk>/amend/", views.amend, name="amend"),
    path("plans/<int:pk>/draft/", views.draft, name="draft"),
    path("plans/<int:pk>/draft/issue/", views.issue, name="issue"),
    path("plans/<int:pk>/draft/send/", comment_views.send_draft, name="send"),
    path("plans/<int:pk>/draft/comments/new/", comment_views.record_comment, name="record_comment"),
    path("plans/<int:pk>/draft/sections/<str:section>/", views.section_edit, name="section"),
    path("plans/<int:pk>/draft/<slug:kind>/new/", views.line_edit, name="line_new"),
    path("plans/<int:pk>/draft/<slug:kind>/<int:line>/", views.line_edit, name="line"),
    path("plans/<int:pk>/draft/<slug:kind>/<int:line>/remove/", views.line_remove, name="line_remove"),
]
