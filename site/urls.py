from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v3.urls import api as api_v3
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from verkosto_pages.api.guard import api_not_found
from verkosto_pages.api.v2 import router as api_v2
from verkosto_pages.faults import healthz
from verkosto_pages.search import search
from verkosto_pages.views import bench_floor, favicon, image_file, robots_txt

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_v2.urls),
    path("api/v3/", api_v3.urls),
    re_path(r"^api/", api_not_found),
    path("haku/", search, name="search"),
    # Wagtail's sitemap lists live, public pages only.
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # Browsers and feed readers ask for /favicon.ico whatever the page says.
    path("favicon.ico", favicon),
    # For the load balancer: 200 while the database answers, else 503.
    path("healthz/", healthz, name="healthz"),
]

# A database outage answers 503 and any failure a plain page or the API's error
# format, never a traceback (verkosto_pages/faults.py).
handler400 = "verkosto_pages.faults.bad_request"
handler500 = "verkosto_pages.faults.server_error"

if settings.BENCH_FLOOR_VIEW:
    urlpatterns += [path("bench/floor/", bench_floor)]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

# Image renditions, when no web server or storage in front serves them, except
# those of private images (verkosto_pages.views.image_file). Documents are
# served by Wagtail's view, which checks their collection, never from a folder.
urlpatterns += [re_path(rf"^{settings.MEDIA_URL.lstrip('/')}images/(?P<path>.+)$", image_file)]

# Wagtail's page serving catches every remaining path, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]
