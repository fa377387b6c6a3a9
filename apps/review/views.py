from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def queue(request):
    return HttpResponse("Queue")


@login_required
def claim_detail(request, pk):
    return HttpResponse("Claim")


@login_required
def article_detail(request, pk):
    return HttpResponse("Article")


@login_required
def speaker_detail(request, pk):
    return HttpResponse("Speaker")


@login_required
def submit(request):
    return HttpResponse("Submit")
