from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class Post(models.Model):
    title = models.CharField(max_length=100)
    content = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts"
    )
    # Set on creation (an aware datetime in UTC: USE_TZ); indexed because every list
    # sorts by it. A default rather than auto_now_add, so the seed command can backdate.
    date_posted = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        # Newest first; posts written in the same instant, highest id first.
        ordering = ["-date_posted", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("posts:detail", args=[self.pk])

    @property
    def user_id(self) -> int:
        """The course's name for the author's id. Django names a foreign key's column after
        the field (`author` gives `author_id`); the course's model declares `user_id` and
        `author` separately. PostResponse and the templates read `user_id`."""
        return self.author_id
