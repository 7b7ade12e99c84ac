#!/usr/bin/perl
# One line per fact of an Internet mail message, from Perl's own MIME parser
# (Email::MIME), for the shell tests to compare: the subject, the address
# fields, each text part (white space runs as one space), each other part
# by its type, each attachment by its name and each embedded message by its
# subject. With a folder as second argument, attachments are written there
# as att_NAME.
# Usage: mime_facts.pl FILE.eml [FOLDER]
use strict;
use warnings;
use Email::MIME;
use Encode;

local $/;
open my $file, "<", $ARGV[0] or die "$ARGV[0]: $!";
my $mail = Email::MIME->new(<$file>);
binmode STDOUT, ":encoding(UTF-8)";

sub text { my $v = shift // ""; utf8::is_utf8($v) ? $v : decode("UTF-8", $v) }

print "subject ", text($mail->header("Subject")), "\n";
# Quoted or not, a display name is the same name.
sub address { text(shift) =~ s/"//gr }
print "to ", address($mail->header("To")), "\n";
print "cc ", address($mail->header("Cc")), "\n";
print "from ", address($mail->header("From")), "\n";
$mail->walk_parts(sub {
    my $part = shift;
    return if $part->subparts;
    my $type = $part->content_type // "";
    my $name = $part->filename;
    if ($type =~ m{^message/rfc822}i) {
        my $inner = Email::MIME->new($part->body);
        print "embedded ", text($inner->header("Subject")), "\n";
        return;
    }
    if (defined $name) {
        if (defined $ARGV[1]) {
            open my $out, ">:raw", "$ARGV[1]/att_$name" or die "$ARGV[1]/att_$name: $!";
            print $out $part->body;
            close $out;
        }
        print "attachment $name\n";
        return;
    }
    my $body = eval { $part->body_str } // $part->body;
    my $kind = $type =~ m{^text/html}i ? "html" : $type =~ m{^text/plain}i || !$type ? "body" : "part " . ($type =~ s/;.*//r);
    print "$kind ", $body =~ s/\s+/ /gr =~ s/^ | $//gr, "\n";
});
