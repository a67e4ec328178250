from django.urls import path

from posts import views

app_name = "posts"

urlpatterns = [
    path("", views.home, name="home"),
    path("posts", views.home, name="list"),
    path("posts/<int:post_id>", views.post_detail, name="detail"),
    path("users/<int:user_id>/posts", views.user_posts, name="user_posts"),
]
