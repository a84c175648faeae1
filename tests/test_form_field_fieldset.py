"""templates/includes/form_field.html: a group of radio buttons is a fieldset whose legend is the question,
so a screen reader names the group (WCAG 1.3.1); a <label for=""> pointing at nothing is never rendered."""

from django.template.loader import render_to_string

from cases.forms import AfspraakForm, StatusForm


class _Casus:
    versie = 3
    status = "aanmelding"


def test_radioknoppen_in_een_fieldset_met_legend():
    form = AfspraakForm(casus=_Casus())
    html = render_to_string("includes/form_field.html", {"field": form["soort"]})
    assert '<fieldset class="utrecht-form-fieldset utrecht-form-field"' in html
    assert '<legend class="utrecht-form-fieldset__legend utrecht-form-label">Soort afspraak</legend>' in html
    assert 'aria-describedby="id_afspraak-soort_helptext"' in html
    assert 'for=""' not in html


def test_fout_bij_radioknoppen_hoort_bij_de_groep():
    form = StatusForm({"versie": "3"}, casus=_Casus())
    assert not form.is_valid()
    html = render_to_string("includes/form_field.html", {"field": form["status"]})
    assert "utrecht-form-fieldset--invalid" in html
    assert 'aria-describedby="id_status_error"' in html
    assert '<legend class="utrecht-form-fieldset__legend utrecht-form-label">Volgende stap</legend>' in html


def test_gewoon_veld_houdt_zijn_label():
    form = AfspraakForm(casus=_Casus())
    html = render_to_string("includes/form_field.html", {"field": form["datum"]})
    assert '<label class="utrecht-form-label" for="id_afspraak-datum">Datum</label>' in html
    assert "<fieldset" not in html
