from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's hashed, compressed files, with the ES modules' imports rewritten too.

    static/js/*.js import each other ("./auth.js"); rewriting those imports to the
    hashed names keeps one copy of each module per page and lets browsers cache all
    of them for good.
    """

    support_js_module_import_aggregation = True
