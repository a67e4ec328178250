"""Demo data: `python manage.py seed --users 20 --posts 500`.

Bulk inserts, so 10,000 posts take seconds. Every seeded user shares one password
(hashed once); the first is a known demo login, printed at the end.
"""

import random
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from posts.models import Post

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "demo-password"

NAMES = [
    "Corey", "Jane", "Ana", "Bruno", "Chiara", "Dmitri", "Emeka", "Fatima", "Gustavo",
    "Hiro", "Ingrid", "Jamal", "Kalani", "Lucía", "Mateo", "Nadia", "Olu", "Priya",
    "Quentin", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zoë",
]  # fmt: skip
TOPICS = [
    "Django's ORM", "async views", "JSON Web Tokens", "database constraints", "pytest fixtures",
    "the admin", "template inheritance", "PostgreSQL indexes", "caching with Redis",
    "deploying with Granian", "static files", "type hints", "Pydantic schemas", "migrations",
]  # fmt: skip
TITLES = [
    "What I learned about {topic}", "A week with {topic}", "{topic}, explained simply",
    "Five tips for {topic}", "Why I changed my mind about {topic}", "Notes on {topic}",
    "Getting started with {topic}", "{topic} in production",
]  # fmt: skip
SENTENCES = [
    "I spent the weekend digging into {topic}, and it was worth it.",
    "The documentation covers most of it, but a few details surprised me.",
    "Here is the short version, with the mistakes I made along the way.",
    "If you come from FastAPI, most of this will feel familiar.",
    "The trick is to let the framework do the boring parts.",
    "Tests caught two bugs before they ever reached a user.",
    "It took three tries to get right, and the third one was the simplest.",
    "Measure first: the slow part was not where I expected it.",
    "Next time I will start with the database constraints, not end with them.",
    "Questions and corrections are welcome, as always.",
]  # fmt: skip


def paragraph(rng: random.Random, topic: str) -> str:
    return " ".join(s.format(topic=topic) for s in rng.sample(SENTENCES, rng.randint(2, 4)))


class Command(BaseCommand):
    help = "Fill the database with demo users and posts (bulk inserts)."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=10, help="users to create (default 10)")
        parser.add_argument("--posts", type=int, default=100, help="posts to create (default 100)")
        parser.add_argument(
            "--seed", type=int, default=None, help="random seed, for repeatable data"
        )

    def handle(self, *args, users: int, posts: int, seed: int | None, **options):
        if users < 1 or posts < 0:
            raise CommandError("--users must be at least 1 and --posts at least 0.")
        rng = random.Random(seed)
        password = make_password(DEMO_PASSWORD)
        run = User.objects.count()  # new names never clash with an earlier seeding

        with transaction.atomic():
            authors = [self.make_user(i + run, password) for i in range(users)]
            if not User.objects.filter(email=DEMO_EMAIL).exists():
                authors[0].email = DEMO_EMAIL
            authors = User.objects.bulk_create(authors)  # it folds their keys

            now = timezone.now()
            Post.objects.bulk_create(
                (self.make_post(rng, rng.choice(authors), now) for _ in range(posts)),
                batch_size=1000,
            )

        self.stdout.write(
            self.style.SUCCESS(f"Created {users} users and {posts} posts.")
            + f"\nLog in as {DEMO_EMAIL} with the password {DEMO_PASSWORD!r} "
            "(every seeded user has that password)."
        )

    @staticmethod
    def make_user(number: int, password: str) -> User:
        name = f"{NAMES[number % len(NAMES)]}{number // len(NAMES) or ''}"
        return User(username=name, email=f"{name.lower()}@example.com", password=password)

    @staticmethod
    def make_post(rng: random.Random, author: User, now) -> Post:
        topic = rng.choice(TOPICS)
        return Post(
            author=author,
            title=rng.choice(TITLES).format(topic=topic)[:100],
            content="\n\n".join(paragraph(rng, topic) for _ in range(rng.randint(1, 3))),
            date_posted=now - timedelta(minutes=rng.randint(0, 60 * 24 * 365)),
        )
