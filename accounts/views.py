"""The account pages. They are plain templates: the server can't know who is logged in
(the token lives in the browser's localStorage), so their scripts call the API."""

from django.shortcuts import render


def login(request):
    return render(request, "accounts/login.html")


def register(request):
    return render(request, "accounts/register.html")


def account(request):
    # Guarded in the browser only (account.js sends visitors without a token to /login):
    # the page holds no data; the API behind it is what checks the token.
    return render(request, "accounts/account.html")
