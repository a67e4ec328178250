from django.contrib import admin

from posts.models import Post


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("title", "author", "date_posted")
    list_filter = ("date_posted",)
    search_fields = ("title", "content", "author__username")
    date_hierarchy = "date_posted"
    list_select_related = ("author",)
    autocomplete_fields = ("author",)
    readonly_fields = ("date_posted",)
