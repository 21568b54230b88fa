#!/usr/bin/perl
# Lists the JPEGs in each FILE (a snapshot, or a multipart /stream as curl saved it), one line each:
#   WIDTHxHEIGHT SHA256          of a whole JPEG (SOI, segments, a frame header, SOS, entropy data, EOI)
#   broken OFFSET REASON         of one that is not
# Perl and Digest::SHA are in the arm64 guest's root (it has no python); the size is the frame header's.
use strict;
use warnings;
use Digest::SHA qw(sha256_hex);

for my $file (@ARGV) {
    open(my $in, '<:raw', $file) or die "$file: $!\n";
    my $data = do { local $/; <$in> };
    close($in);
    my $at = 0;
    while ((my $start = index($data, "\xff\xd8\xff", $at)) >= 0) {
        my ($line, $end) = jpeg_at(\$data, $start);
        print "$line\n";
        $at = $end;
    }
}

# Walks the segments of the JPEG at $start up to its EOI; returns the line to print and where to go on.
sub jpeg_at {
    my ($data, $start) = @_;
    my $pos = $start + 2;
    my $size;
    while ($pos + 4 <= length($$data)) {
        return ("broken $start no marker at $pos", $pos) if substr($$data, $pos, 1) ne "\xff";
        my $marker = ord(substr($$data, $pos + 1, 1));
        my $length = unpack('n', substr($$data, $pos + 2, 2));
        # SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC): precision, height, width.
        if ($marker >= 0xc0 && $marker <= 0xcf && $marker != 0xc4 && $marker != 0xc8 && $marker != 0xcc) {
            my ($height, $width) = unpack('nn', substr($$data, $pos + 5, 4));
            $size = "${width}x$height";
        }
        if ($marker == 0xda) {
            my $eoi = index($$data, "\xff\xd9", $pos + 2 + $length);
            return ("broken $start no EOI", length($$data)) if $eoi < 0;
            return ("broken $start no frame header", $eoi + 2) unless defined $size;
            my $end = $eoi + 2;
            return ("$size " . sha256_hex(substr($$data, $start, $end - $start)), $end);
        }
        $pos += 2 + $length;
    }
    return ("broken $start truncated", length($$data));
}
