"""{% change_form_problems adminform inline_admin_formsets as problems %}.

The problems of a refused admin save, each with where it is and a link target:
see roles/error_summary.py.
"""

from django import template

from roles import error_summary

register = template.Library()


@register.simple_tag
def change_form_problems(adminform, inline_admin_formsets):
    return error_summary.change_form_problems(adminform, inline_admin_formsets)
