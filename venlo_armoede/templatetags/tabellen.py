"""One table component on NL Design System markup (utrecht-table), for every table in the application.

    {% load tabellen %}
    {% tabel "Bereik per regeling" "Regeling|#Met recht|#Toegekend|#Bereik" %}
      {% for rij in bereik %}<tr class="utrecht-table__row">…</tr>{% endfor %}
    {% endtabel %}

The second argument lists the column headers, separated by "|" (or a list from the view); a header that
starts with "#" is a numeric column (right-aligned). `breed=True` gives the table a minimum width; `eerste=…`
replaces the first header. Rows after `{% voet %}` go into the table's footer (a total row). The table
scrolls sideways inside its own focusable box on small screens, so keyboard users can scroll it too."""

from django import template
from django.template.loader import render_to_string
from django.utils.translation import gettext

register = template.Library()


@register.tag(name="tabel")
def tabel(parser, token):
    bits = token.split_contents()[1:]
    nodelist = parser.parse(("voet", "endtabel"))
    voet = None
    if parser.next_token().contents == "voet":
        voet = parser.parse(("endtabel",))
        parser.delete_first_token()
    args = [parser.compile_filter(bit) for bit in bits if "=" not in bit]
    kwargs = {k: parser.compile_filter(v) for k, v in (bit.split("=", 1) for bit in bits if "=" in bit)}
    if len(args) != 2:
        raise template.TemplateSyntaxError("{% tabel %} needs a caption and the column headers")
    return TabelNode(args[0], args[1], kwargs, nodelist, voet)


class TabelNode(template.Node):
    def __init__(self, caption, koppen, kwargs, nodelist, voet):
        self.caption, self.koppen, self.kwargs, self.nodelist, self.voet = caption, koppen, kwargs, nodelist, voet

    def render(self, context):
        koppen = self.koppen.resolve(context)
        if isinstance(koppen, str):
            koppen = [gettext(kop) for kop in koppen.split("|")]
        kolommen = [{"tekst": str(kop).removeprefix("#"), "getal": str(kop).startswith("#")} for kop in koppen]
        if "eerste" in self.kwargs:  # a first-column header that varies (the rest is fixed text)
            kolommen[0]["tekst"] = self.kwargs["eerste"].resolve(context)
        return render_to_string(
            "includes/tabel.html",
            {
                "caption": self.caption.resolve(context),
                "kolommen": kolommen,
                "breed": bool(self.kwargs["breed"].resolve(context)) if "breed" in self.kwargs else False,
                "rijen": self.nodelist.render(context),
                "voet": self.voet.render(context) if self.voet else "",
            },
        )
