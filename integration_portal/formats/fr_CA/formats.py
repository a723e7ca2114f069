"""Django's fr_CA formats, with the "h" of "13 h 40" escaped.

Django writes TIME_FORMAT as "H\xa0h\xa0i": unescaped, that "h" is the 12-hour hour, so 22:30
showed as "22 10 30" wherever a page used the named formats (the admin's lists, `|time`,
`|date:"SHORT_DATETIME_FORMAT"`). Everything else is Django's own.
"""

from django.conf.locale.fr_CA.formats import *  # noqa: F403

TIME_FORMAT = "H\xa0\\h\xa0i"
DATETIME_FORMAT = "j F Y, H\xa0\\h\xa0i"
SHORT_DATETIME_FORMAT = "Y-m-d H\xa0\\h\xa0i"
