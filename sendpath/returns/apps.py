from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "sendpath.returns"
    label = "returns"
    default_auto_field = "django.db.models.BigAutoField"
