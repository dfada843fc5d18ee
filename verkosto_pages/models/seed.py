"""Bookkeeping for ``load_initial_content``."""

from django.contrib.contenttypes.models import ContentType
from django.db import models


class SeedRecord(models.Model):
    """Remembers which object the initial-content loader created for each of its keys.

    With it the loader never creates a second copy of anything an editor has
    since renamed, moved or deleted: a key it has seen is left alone unless the
    loader runs with ``--force``.
    """

    key = models.CharField(max_length=200, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return self.key

    def get_object(self, specific=True):
        """The recorded object, or None if it has since been deleted.

        Pages come back as their specific type unless ``specific`` is False.
        """
        model = self.content_type.model_class()
        obj = model._default_manager.filter(pk=self.object_id).first()
        if specific and obj is not None and hasattr(obj, "specific"):
            return obj.specific
        return obj
